import { verifyAndEnableSoftwareToken } from '#adapters/cognito/mfa';
import { findRoute } from '#lib/model/find-route';
import { meRoutes } from '#lib/model/routes/me';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';
import { userAccessToken } from './bearer-token';

type Body = { code: string; deviceName?: string };

/** A code of the new secret turns TOTP on: every later login asks for a code. */
export async function verifyMfa({ headers, body, principal }: HttpRequest<unknown, unknown, Body>) {
  const who = caller(principal);
  const accessToken = userAccessToken(headers, who);
  await verifyAndEnableSoftwareToken(accessToken, body.code, body.deviceName);
  return { status: 200, body: { enabled: true, type: 'TOTP' } };
}

export const handler = httpRoute(findRoute(meRoutes, 'verifyMfa'), verifyMfa);
