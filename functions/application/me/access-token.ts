/**
 * The caller's access token, the credential of Cognito's own-account API, from the
 * Authorization header the gateway's authorizer accepted. Its own module so that use
 * cases which only need the token (change password) do not load the table's adapters.
 */
import { bearerToken as bearerOf } from '#domain/identity';
import type { Principal } from '#domain/principal';
import { Unauthorized } from '#platform/errors';

/** The bearer token of an Authorization header (401 without one). */
export function bearerToken(authorization: string | undefined): string {
  const token = bearerOf(authorization);
  if (!token) throw new Unauthorized('A valid bearer token is required');
  return token;
}

/** A user's own access token (machine clients have no account to act on: 401). */
export function userAccessToken(authorization: string | undefined, principal: Principal): string {
  const token = bearerOf(authorization);
  if (!token || principal.kind !== 'user') throw new Unauthorized('A user access token is required');
  return token;
}
