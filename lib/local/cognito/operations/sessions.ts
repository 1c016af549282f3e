/**
 * Operations of a signed-in user and of token lifecycles: `GetUser`, `GlobalSignOut`,
 * `RevokeToken`.
 */
import { timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { touch, userAttributesToApi } from '../accounts';
import { validateAttributes } from '../attributes';
import { CognitoError, errors } from '../errors';
import { authenticateAccessToken } from '../tokens';
import { mfaSettingsToApi } from './mfa';
import { fields, operation } from './operation';

/** `GetUser`: the user of a valid, unrevoked access token. */
const getUser = operation(z.object({ AccessToken: fields.token }), async (ctx, input) => {
  const { user } = await authenticateAccessToken(ctx, input.AccessToken);
  return { Username: user.username, UserAttributes: userAttributesToApi(user), ...mfaSettingsToApi(user) };
});

/**
 * `UpdateUserAttributes`: the signed-in user changes their own attributes. Custom
 * attributes are refused (an app client may not write them by default, and Hydrant's
 * tenant and client ids must stay the administrators').
 */
const updateUserAttributes = operation(
  z.object({ AccessToken: fields.token, UserAttributes: fields.attributes, ClientMetadata: fields.stringMap.optional() }),
  async (ctx, input) => {
    const { pool, user } = await authenticateAccessToken(ctx, input.AccessToken);
    if (input.UserAttributes.some((a) => a.Name.startsWith('custom:'))) throw errors.notAuthorized('A client attempted to write unauthorized attribute');
    validateAttributes(pool.schema, input.UserAttributes, false);
    for (const { Name, Value } of input.UserAttributes) {
      if (Value === undefined || Value === '') user.attributes.delete(Name);
      else user.attributes.set(Name, Value);
    }
    touch(ctx, user);
    return { CodeDeliveryDetailsList: [] };
  },
);

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
  UpdateUserAttributes: updateUserAttributes,
  GlobalSignOut: globalSignOut,
  RevokeToken: revokeToken,
};
