import { associateSoftwareToken, emailOf } from '#adapters/cognito/mfa';
import { otpauthUri } from '#domain/identity';
import type { Principal } from '#domain/principal';
import { userAccessToken } from './access-token';

/**
 * Starts enrolling an authenticator app. Steps: the caller's own access token (a user's);
 * Cognito's new secret (kept aside until a code of it is verified) and the caller's
 * e-mail; the otpauth URI. The secret is answered once and stored nowhere by Hydrant.
 */
export async function setupMfa(who: Principal, authorization: string | undefined): Promise<{ secret: string; otpauthUri: string }> {
  const accessToken = userAccessToken(authorization, who);
  const [secret, email] = await Promise.all([associateSoftwareToken(accessToken), emailOf(accessToken)]);
  return { secret, otpauthUri: otpauthUri(email ?? who.username ?? who.subject, secret) };
}
