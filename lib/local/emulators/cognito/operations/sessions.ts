/**
 * Operations of a signed-in user and of token lifecycles: `GetUser`, `GlobalSignOut`,
 * `RevokeToken`.
 */
import { timingSafeEqual } from 'node:crypto';
import type { JWTPayload } from 'jose';
import * as z from 'zod';
import { touch, userAttributesToApi } from '../accounts';
import { validateAttributes } from '../attributes';
import { CognitoError, errors } from '../errors';
import type { StandInContext } from '../context';
import type { AppClient } from '../store';
import { authenticateAccessToken } from '../tokens';
import { mfaSettingsToApi } from './mfa';
import { fields, operation } from './operation';

/** The app client an access token was issued to (it may have been deleted since). */
function clientOf(ctx: StandInContext, claims: JWTPayload): AppClient | undefined {
  return typeof claims.client_id === 'string' ? ctx.store.clients.get(claims.client_id) : undefined;
}

/** `GetUser`: the user of a valid, unrevoked access token, with what its client may read (and `sub`). */
const getUser = operation(z.object({ AccessToken: fields.token }), async (ctx, input) => {
  const { user, claims } = await authenticateAccessToken(ctx, input.AccessToken);
  const readable = clientOf(ctx, claims)?.readAttributes;
  return { Username: user.username, UserAttributes: userAttributesToApi(user, readable ? ['sub', ...readable] : undefined), ...mfaSettingsToApi(user) };
});

/**
 * `UpdateUserAttributes`: the signed-in user changes their own attributes, only those the
 * token's app client may write (`WriteAttributes`; every mutable attribute, custom ones
 * included, when the client declares none, as in Cognito), and never an immutable one.
 */
const updateUserAttributes = operation(
  z.object({ AccessToken: fields.token, UserAttributes: fields.attributes, ClientMetadata: fields.stringMap.optional() }),
  async (ctx, input) => {
    const { pool, user, claims } = await authenticateAccessToken(ctx, input.AccessToken);
    const writable = clientOf(ctx, claims)?.writeAttributes;
    const allowed = (name: string) => {
      const attribute = pool.schema.get(name);
      return attribute !== undefined && attribute.mutable && name !== 'sub' && (!writable || writable.includes(name));
    };
    if (input.UserAttributes.some((a) => pool.schema.has(a.Name) && !allowed(a.Name))) {
      throw errors.notAuthorized('A client attempted to write unauthorized attribute');
    }
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
    const session = ctx.store.sessionOfRefreshToken(input.Token, ctx.now());
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
