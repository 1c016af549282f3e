/**
 * The caller's bearer token, the credential of Cognito's own-account API. Its own module so
 * that routes which only need the token (change password) do not load the table's adapters.
 */
import { bearerToken as bearerOf } from '#domain/identity';
import { Unauthorized } from '#platform/errors';

/** The access token the gateway's authorizer accepted. */
export function bearerToken(headers: Readonly<Record<string, string | undefined>>): string {
  const token = bearerOf(headers.authorization);
  if (!token) throw new Unauthorized('A valid bearer token is required');
  return token;
}
