/**
 * Authorise a WebSocket connection (the `$connect` authorizer's use case).
 *
 * Steps:
 *   1. verify the access token of the query string as the REST authorizer does (signature,
 *      expiry, issuer, access token with the user scope);
 *   2. make the principal of its claims (`toPrincipal`: the platform's, with the client claim);
 *   3. refuse anyone who may not subscribe (`liveRefusalOf`: machines, partner apps, users
 *      who must enrol in MFA, users without a role).
 * Returns the authorizer context of the connection, or undefined (the reason logged, never told).
 */
import { verifiedAccessToken } from '#adapters/cognito/access-tokens';
import { authorizerContextOf, liveRefusalOf, type LiveAuthorizerContext } from '#domain/live';
import type { Principal } from '#domain/principal';
import { logger } from '#platform/observability';

export async function authorizeLiveConnection(
  token: string | undefined,
  toPrincipal: (claims: Record<string, unknown>) => Principal | undefined,
): Promise<LiveAuthorizerContext | undefined> {
  if (!token) {
    logger.info('Live connection refused', { reason: 'no_token' });
    return undefined;
  }
  const verified = await verifiedAccessToken(token);
  if ('refused' in verified) {
    logger.info('Live connection refused', { reason: verified.refused });
    return undefined;
  }
  let principal: Principal | undefined;
  try {
    principal = toPrincipal(verified.claims);
  } catch {
    principal = undefined;
  }
  const refusal = principal ? liveRefusalOf(principal) : 'no_principal';
  if (!principal || refusal) {
    logger.info('Live connection refused', { reason: refusal });
    return undefined;
  }
  return authorizerContextOf(principal, verified.claims.exp);
}
