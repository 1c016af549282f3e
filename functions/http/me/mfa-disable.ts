import { setSoftwareTokenPreference } from '#adapters/cognito/mfa';
import { getSecuritySettings } from '#adapters/dynamodb/security-settings-repository';
import { mfaRequiredFor } from '#domain/identity';
import { findRoute } from '#lib/model/find-route';
import { meRoutes } from '#lib/model/routes/me';
import { Forbidden } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';
import { userAccessToken } from './bearer-token';

/** Turns TOTP off, unless the caller's role must use it. */
export async function disableMfa({ headers, principal }: HttpRequest) {
  const who = caller(principal);
  const accessToken = userAccessToken(headers, who);
  if (who.role && mfaRequiredFor(await getSecuritySettings(who.tenantId), [who.role])) {
    throw new Forbidden(`The role ${who.role} must use multi-factor authentication in this tenant`, 'MFA_REQUIRED');
  }
  await setSoftwareTokenPreference(accessToken, false);
  return { status: 204 };
}

export const handler = httpRoute(findRoute(meRoutes, 'disableMfa'), disableMfa);
