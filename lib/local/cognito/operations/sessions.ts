/**
 * Operations of a signed-in user and of token lifecycles: `GetUser`, `GlobalSignOut`,
 * `RevokeToken`.
 */
import { timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { userAttributesToApi } from '../accounts';
import { CognitoError, errors } from '../errors';
import { authenticateAccessToken } from '../tokens';
import { mfaSettingsToApi } from './mfa';
import { fields, operation } from './operation';

/** `GetUser`: the user of a valid, unrevoked access token. */
const getUser = operation(z.object({ AccessToken: fields.token }), async (ctx, input) => {
  const { user } = await authenticateAccessToken(ctx, input.AccessToken);
  return { Username: user.username, UserAttributes: userAttributesToApi(user), ...mfaSettingsToApi(user) };
});

/** `GlobalSignOut`: revokes every session of the token's user, this one included. */
const globalSignOut = operation(z.object({ AccessToken: fields.token }), async (ctx, input) => {
  const { user } = await authenticateAccessToken(ctx, input.AccessToken);
  ctx.store.revokeAllSessions(user);
  return {};
});

function sameSecret(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `RevokeToken`: revokes a refresh token and, through its `origin_jti`, every access and
 * ID token issued from it. An unknown refresh token is not an error (RFC 7009).
 */
const revokeToken = operation(
  z.object({ Token: fields.token, ClientId: fields.clientId, ClientSecret: z.string().optional(), ClientMetadata: fields.stringMap.optional() }),
  async (ctx, input) => {
    const client = ctx.store.client(input.ClientId);
    if (client.secret && !sameSecret(input.ClientSecret, client.secret)) {
      throw errors.notAuthorized(`Unable to verify secret for client ${client.clientId}`);
    }
    if (!client.enableTokenRevocation) {
      throw new CognitoError('UnsupportedOperationException', 'Token revocation is not enabled for this client.');
    }
    const session = ctx.store.sessionsByRefreshToken.get(input.Token);
    if (!session) {
      if (input.Token.split('.').length === 3) {
        throw new CognitoError('UnsupportedTokenTypeException', 'Only refresh tokens can be revoked.');
      }
      return {};
    }
    if (session.clientId !== client.clientId) throw errors.notAuthorized('The token was not issued to this client.');
    ctx.store.revokeSession(session.originJti);
    return {};
  },
);

/** The user session operations, by operation name. */
export const sessionOperations = {
  GetUser: getUser,
  GlobalSignOut: globalSignOut,
  RevokeToken: revokeToken,
};
