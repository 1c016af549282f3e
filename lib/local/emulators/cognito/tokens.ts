/**
 * Issuing and checking tokens with the claims Cognito sets: ID and access tokens for
 * users (through the pre token generation trigger when one is configured), access tokens
 * for the client-credentials grant, and the access-token check of the user operations.
 */
import { randomUUID } from 'node:crypto';
import { errors as joseErrors, type JWTPayload } from 'jose';
import { attributeClaimValue } from './attributes';
import type { RequestMeta, StandInContext } from './context';
import { errors } from './errors';
import {
  applyPreTokenGeneration,
  invokePreTokenGeneration,
  type PreTokenGenerationV2Event,
  type PreTokenGenerationV2TriggerSource,
} from './pre-token-generation';
import type { AppClient, Group, SignInSession, User, UserPool } from './store';

/** The scope of every token obtained through the user pools API (not the hosted UI). */
export const ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

/** `AuthenticationResult` of `InitiateAuth` and `RespondToAuthChallenge`. */
export interface AuthenticationResult {
  AccessToken: string;
  IdToken: string;
  RefreshToken?: string;
  ExpiresIn: number;
  TokenType: 'Bearer';
}

/** What a user token is issued for. */
export interface UserTokenRequest {
  pool: UserPool;
  client: AppClient;
  user: User;
  session: SignInSession;
  triggerSource: PreTokenGenerationV2TriggerSource;
  clientMetadata?: Record<string, string>;
  /** The access token's scopes: the user pools API gives `aws.cognito.signin.user.admin`, the hosted UI the scopes asked for. */
  scopes?: readonly string[];
}

/** The user's groups, first the one of lowest precedence, as Cognito orders them. */
function groupsOf(pool: UserPool, user: User): Group[] {
  return [...user.groups]
    .map((name) => pool.groups.get(name))
    .filter((group): group is Group => group !== undefined)
    .sort((a, b) => (a.precedence ?? Infinity) - (b.precedence ?? Infinity) || a.name.localeCompare(b.name));
}

function preTokenEvent(ctx: StandInContext, request: UserTokenRequest, meta: RequestMeta, groups: Group[]): PreTokenGenerationV2Event {
  const { pool, client, user } = request;
  const roles = groups.flatMap((g) => (g.roleArn ? [g.roleArn] : []));
  return {
    version: ctx.preTokenGenerationVersion,
    triggerSource: request.triggerSource,
    region: pool.region,
    userPoolId: pool.id,
    userName: user.username,
    callerContext: { awsSdkVersion: meta.awsSdkVersion, clientId: client.clientId },
    request: {
      userAttributes: { sub: user.sub, ...Object.fromEntries(user.attributes), 'cognito:user_status': user.status },
      groupConfiguration: { groupsToOverride: groups.map((g) => g.name), iamRolesToOverride: roles, preferredRole: roles[0] ?? null },
      scopes: [...(request.scopes ?? [ADMIN_SCOPE])],
      ...(request.clientMetadata ? { clientMetadata: request.clientMetadata } : {}),
    },
    response: { claimsAndScopeOverrideDetails: null },
  };
}

/**
 * Issues the ID and access tokens of a sign-in session. Both carry the session's
 * `origin_jti` and `auth_time`, so refreshed tokens are revoked with the session.
 */
export async function issueUserTokens(ctx: StandInContext, meta: RequestMeta, request: UserTokenRequest): Promise<AuthenticationResult> {
  const { pool, client, user, session } = request;
  const iat = Math.floor(ctx.now() / 1000);
  const iss = ctx.issuer(pool.id);
  const eventId = randomUUID();
  const groups = groupsOf(pool, user);
  const groupClaim = groups.length > 0 ? { 'cognito:groups': groups.map((g) => g.name) } : {};
  const roles = groups.flatMap((g) => (g.roleArn ? [g.roleArn] : []));
  const readable = [...user.attributes].filter(([name]) => !client.readAttributes || client.readAttributes.includes(name));

  const access: JWTPayload = {
    sub: user.sub,
    ...groupClaim,
    iss,
    client_id: client.clientId,
    origin_jti: session.originJti,
    event_id: eventId,
    token_use: 'access',
    scope: (request.scopes ?? [ADMIN_SCOPE]).join(' '),
    auth_time: session.authTime,
    exp: iat + client.validity.accessSeconds,
    iat,
    jti: randomUUID(),
    username: user.username,
  };
  const id: JWTPayload = {
    sub: user.sub,
    ...groupClaim,
    ...(roles.length > 0 ? { 'cognito:preferred_role': roles[0], 'cognito:roles': roles } : {}),
    ...Object.fromEntries(readable.map(([name, value]) => [name, attributeClaimValue(name, value)])),
    iss,
    'cognito:username': user.username,
    origin_jti: session.originJti,
    aud: client.clientId,
    event_id: eventId,
    token_use: 'id',
    auth_time: session.authTime,
    exp: iat + client.validity.idSeconds,
    iat,
    jti: randomUUID(),
  };

  if (ctx.preTokenGeneration) {
    const details = await invokePreTokenGeneration(ctx.preTokenGeneration, preTokenEvent(ctx, request, meta, groups));
    applyPreTokenGeneration(details, access, id);
  }

  const [accessToken, idToken] = await Promise.all([ctx.key.sign(access), ctx.key.sign(id)]);
  return { AccessToken: accessToken, IdToken: idToken, ExpiresIn: client.validity.accessSeconds, TokenType: 'Bearer' };
}

/** Issues the access token of a client-credentials grant, with Cognito's M2M claims. */
export async function issueClientCredentialsToken(ctx: StandInContext, client: AppClient, scopes: string[]): Promise<string> {
  const iat = Math.floor(ctx.now() / 1000);
  const access: JWTPayload = {
    sub: client.clientId,
    token_use: 'access',
    scope: scopes.join(' '),
    auth_time: iat,
    iss: ctx.issuer(client.userPoolId),
    exp: iat + client.validity.accessSeconds,
    iat,
    version: 2,
    jti: randomUUID(),
    client_id: client.clientId,
  };
  // A V3_0 trigger is also called for machine tokens (access token only).
  if (ctx.preTokenGeneration && ctx.preTokenGenerationVersion === '3') {
    const pool = ctx.store.pool(client.userPoolId);
    const details = await invokePreTokenGeneration(ctx.preTokenGeneration, {
      version: '3',
      triggerSource: 'TokenGeneration_ClientCredentials',
      region: pool.region,
      userPoolId: pool.id,
      userName: 'ClientCredentials',
      callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: client.clientId },
      request: { userAttributes: {}, groupConfiguration: null, scopes: [...scopes] },
      response: { claimsAndScopeOverrideDetails: null },
    });
    applyPreTokenGeneration({ ...(details.accessTokenGeneration ? { accessTokenGeneration: details.accessTokenGeneration } : {}) }, access, {});
  }
  return ctx.key.sign(access);
}

/** A user identified by a valid access token. */
export interface AccessTokenPrincipal {
  pool: UserPool;
  user: User;
  claims: JWTPayload;
}

/**
 * Checks an access token as Cognito's user operations (`GetUser`, `GlobalSignOut`) do:
 * signature, expiry, issuer, token use, the admin scope, revocation, and a live user.
 */
export async function authenticateAccessToken(ctx: StandInContext, token: string): Promise<AccessTokenPrincipal> {
  let claims: JWTPayload;
  try {
    claims = await ctx.key.verify(token);
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw errors.notAuthorized('Access Token has expired');
    throw errors.notAuthorized('Invalid Access Token');
  }
  const userPoolId = claims.iss?.split('/').pop() ?? '';
  const pool = ctx.store.pools.get(userPoolId);
  if (!pool || claims.iss !== ctx.issuer(userPoolId) || claims.token_use !== 'access' || typeof claims.username !== 'string') {
    throw errors.notAuthorized('Invalid Access Token');
  }
  if (typeof claims.scope !== 'string' || !claims.scope.split(' ').includes(ADMIN_SCOPE)) {
    throw errors.notAuthorized('Access Token does not have required scopes');
  }
  if (typeof claims.origin_jti !== 'string' || ctx.store.isRevoked(claims.origin_jti)) {
    throw errors.notAuthorized('Access Token has been revoked');
  }
  const user = ctx.store.findUser(pool, claims.username);
  if (!user || user.sub !== claims.sub) throw errors.userNotFound();
  if (!user.enabled) throw errors.notAuthorized('User is disabled.');
  return { pool, user, claims };
}
