import { verifyAndEnableSoftwareToken } from '#adapters/cognito/mfa';
import { bearerToken } from '#domain/identity';
import { findRoute } from '#lib/model/find-route';
import { mfaRoutes } from '#lib/model/routes/mfa';
import { Unauthorized } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#platform/http-route';
import { caller } from '#platform/resources';

type Body = { code: string; deviceName?: string };

/** A code of the new secret turns TOTP on: every later login asks for a code. */
export async function verifyMfa({ headers, body, principal }: HttpRequest<unknown, unknown, Body>) {
  const who = caller(principal);
  const accessToken = bearerToken(headers.authorization);
  if (!accessToken || who.kind !== 'user') throw new Unauthorized('A user access token is required');
  await verifyAndEnableSoftwareToken(accessToken, body.code, body.deviceName);
  return { status: 200, body: { enabled: true, type: 'TOTP' } };
}

export const handler = httpRoute(findRoute(mfaRoutes, 'verifyMfa'), verifyMfa);
