/**
 * The caller's bearer token, the credential of Cognito's own-account API. Its own module so
 * that routes which only need the token (change password) do not load the table's adapters.
 */
import { bearerToken as bearerOf } from '#domain/identity';
import type { Principal } from '#domain/principal';
import { Unauthorized } from '#platform/errors';

/** The access token the gateway's authorizer accepted. */
export function bearerToken(headers: Readonly<Record<string, string | undefined>>): string {
  const token = bearerOf(headers.authorization);
  if (!token) throw new Unauthorized('A valid bearer token is required');
  return token;
}

/** A user's own access token (machine clients have no account to act on). */
export function userAccessToken(headers: Readonly<Record<string, string | undefined>>, principal: Principal): string {
  const token = bearerOf(headers.authorization);
  if (!token || principal.kind !== 'user') throw new Unauthorized('A user access token is required');
  return token;
}
