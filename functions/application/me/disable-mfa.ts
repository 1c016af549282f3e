import { setSoftwareTokenPreference } from '#adapters/cognito/mfa';
import { getSecuritySettings } from '#adapters/dynamodb/security-settings-repository';
import { mfaRequiredFor } from '#domain/identity';
import type { Principal } from '#domain/principal';
import { Forbidden } from '#platform/errors';
import { userAccessToken } from './access-token';

/** Turns TOTP off. Steps: the caller's own access token; refused (403 MFA_REQUIRED) when the tenant requires MFA of their role; Cognito's preference off. */
export async function disableMfa(who: Principal, authorization: string | undefined): Promise<void> {
  const accessToken = userAccessToken(authorization, who);
  if (who.role && mfaRequiredFor(await getSecuritySettings(who.tenantId), [who.role])) {
    throw new Forbidden(`The role ${who.role} must use multi-factor authentication in this tenant`, 'MFA_REQUIRED');
  }
  await setSoftwareTokenPreference(accessToken, false);
}
