import { associateSoftwareToken, emailOf } from '#adapters/cognito/mfa';
import { otpauthUri } from '#domain/identity';
import { findRoute } from '#lib/model/find-route';
import { meRoutes } from '#lib/model/routes/me';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';
import { userAccessToken } from './bearer-token';

/**
 * Starts enrolling an authenticator app with the caller's own access token: Cognito
 * keeps the new secret aside until a code of it is verified. The secret is answered
 * once and stored nowhere by Hydrant.
 */
export async function setupMfa({ headers, principal }: HttpRequest) {
  const who = caller(principal);
  const accessToken = userAccessToken(headers, who);
  const [secret, email] = await Promise.all([associateSoftwareToken(accessToken), emailOf(accessToken)]);
  return { status: 200, body: { secret, otpauthUri: otpauthUri(email ?? who.username ?? who.subject, secret) } };
}

export const handler = httpRoute(findRoute(meRoutes, 'setupMfa'), setupMfa);
