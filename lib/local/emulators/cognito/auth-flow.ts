/**
 * Sign-in: first factors (password, refresh token), then the challenges Cognito may put
 * between a verified first factor and the tokens, then the tokens of a new session.
 *
 * Challenges are a registry keyed by challenge name. `continueSignIn` decides which one,
 * if any, comes next, so MFA (SOFTWARE_TOKEN_MFA, MFA_SETUP) is one more entry there and
 * one more handler here, without touching the flows.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { RequestMeta, StandInContext } from './context';
import { errors } from './errors';
import { verifyPassword } from './passwords';
import type { PreTokenGenerationV2TriggerSource } from './pre-token-generation';
import { opaqueToken, type AppClient, type SignInSession, type User, type UserPool } from './store';
import { issueUserTokens, type AuthenticationResult } from './tokens';
import { setPassword } from './accounts';
import { validateAttributes } from './attributes';
import { CognitoError } from './errors';
import { matchTotp } from './totp';

/** The challenges the stand-in can issue. */
export type ChallengeName = 'NEW_PASSWORD_REQUIRED' | 'SOFTWARE_TOKEN_MFA';

/** The output of `InitiateAuth` and `RespondToAuthChallenge`: tokens or a challenge. */
export type SignInOutcome =
  | { AuthenticationResult: AuthenticationResult; ChallengeParameters: Record<string, never> }
  | { ChallengeName: ChallengeName; Session: string; ChallengeParameters: Record<string, string> };

/** The pool and client a sign-in happens through. */
export interface SignInTarget {
  pool: UserPool;
  client: AppClient;
}

/** A user whose first factor is verified, on the way to tokens. */
export interface SignInStep extends SignInTarget {
  user: User;
  triggerSource: PreTokenGenerationV2TriggerSource;
  clientMetadata?: Record<string, string> | undefined;
  /** Challenges already answered in this sign-in. */
  answered?: readonly ChallengeName[];
}

/** One kind of challenge: what it tells the client, and how it checks the answer. */
interface ChallengeHandler {
  parameters(step: SignInStep): Record<string, string>;
  /** Checks the responses and applies them; returns the trigger source of the tokens. */
  respond(ctx: StandInContext, step: SignInStep, responses: Record<string, string>): Promise<PreTokenGenerationV2TriggerSource>;
}

// Cognito's default AuthSessionValidity: three minutes to answer a challenge.
const CHALLENGE_VALIDITY_MS = 3 * 60_000;

function requiredParameter(parameters: Record<string, string>, name: string): string {
  const value = parameters[name];
  if (!value) throw errors.invalidParameter(`Missing required parameter ${name}`);
  return value;
}

/**
 * Checks `SECRET_HASH` for clients with a secret: Base64(HMAC-SHA256(secret, username +
 * clientId)) over any of the usernames the caller may have used (the name typed, or the
 * user's username in pools that sign in with e-mail).
 */
export function checkSecretHash(client: AppClient, secretHash: string | undefined, usernames: string[]): void {
  if (!client.secret) return;
  if (!secretHash) {
    throw errors.notAuthorized(`Client ${client.clientId} is configured with secret but SECRET_HASH was not received`);
  }
  const given = Buffer.from(secretHash);
  const matches = usernames.some((username) => {
    const expected = Buffer.from(createHmac('sha256', client.secret ?? '').update(username + client.clientId).digest('base64'));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  if (!matches) throw errors.notAuthorized(`Unable to verify secret hash for client ${client.clientId}`);
}

/** Whether the client allows a flow, by its `ALLOW_*` name or the legacy name. */
export function clientAllowsFlow(client: AppClient, flow: 'USER_PASSWORD_AUTH' | 'ADMIN_USER_PASSWORD_AUTH' | 'REFRESH_TOKEN_AUTH'): boolean {
  const flows = client.explicitAuthFlows;
  const legacy = { USER_PASSWORD_AUTH: 'USER_PASSWORD_AUTH', ADMIN_USER_PASSWORD_AUTH: 'ADMIN_NO_SRP_AUTH', REFRESH_TOKEN_AUTH: undefined }[flow];
  // Clients declared with legacy names only could always refresh.
  if (flow === 'REFRESH_TOKEN_AUTH' && !flows.some((f) => f.startsWith('ALLOW_'))) return true;
  return flows.includes(`ALLOW_${flow}`) || (legacy !== undefined && flows.includes(legacy));
}

/** `USER_PASSWORD_AUTH` and `ADMIN_USER_PASSWORD_AUTH`: username and password. */
export async function passwordSignIn(
  ctx: StandInContext,
  meta: RequestMeta,
  target: SignInTarget,
  parameters: Record<string, string>,
  clientMetadata?: Record<string, string>,
): Promise<SignInOutcome> {
  const { pool, client } = target;
  const username = requiredParameter(parameters, 'USERNAME');
  const password = requiredParameter(parameters, 'PASSWORD');
  const user = ctx.store.findUser(pool, username);
  checkSecretHash(client, parameters.SECRET_HASH, [username, ...(user ? [user.username] : [])]);
  if (!user) {
    throw client.preventUserExistenceErrors === 'ENABLED' ? errors.notAuthorized('Incorrect username or password.') : errors.userNotFound();
  }
  if (!user.passwordHash || !(await verifyPassword(password, user.passwordHash))) {
    throw errors.notAuthorized('Incorrect username or password.');
  }
  if (!user.enabled) throw errors.notAuthorized('User is disabled.');
  if (user.status === 'FORCE_CHANGE_PASSWORD' && (user.temporaryPasswordExpiresAt ?? Infinity) < ctx.now()) {
    throw errors.notAuthorized('Temporary password has expired and must be reset by an administrator.');
  }
  return continueSignIn(ctx, meta, { ...target, user, triggerSource: 'TokenGeneration_Authentication', clientMetadata });
}

/**
 * `REFRESH_TOKEN_AUTH`: new ID and access tokens for the session of a refresh token, with
 * its `origin_jti` and `auth_time`. No new refresh token; refused on clients that rotate
 * refresh tokens, as Cognito refuses it (they refresh with `GetTokensFromRefreshToken`).
 */
export async function refreshTokenSignIn(
  ctx: StandInContext,
  meta: RequestMeta,
  target: SignInTarget,
  parameters: Record<string, string>,
  clientMetadata?: Record<string, string>,
): Promise<SignInOutcome> {
  if (target.client.refreshTokenRotation) {
    throw errors.invalidParameter('Refresh token rotation is enabled for this client: use GetTokensFromRefreshToken.');
  }
  const proof = { secretHash: parameters.SECRET_HASH, username: parameters.USERNAME };
  const result = await refreshSession(ctx, meta, target, requiredParameter(parameters, 'REFRESH_TOKEN'), proof, clientMetadata);
  return { AuthenticationResult: result, ChallengeParameters: {} };
}

/**
 * New tokens for the session of a refresh token (`GetTokensFromRefreshToken`, and
 * `REFRESH_TOKEN_AUTH` without rotation). With rotation, the answer holds a new refresh
 * token and the one used stops working after the client's grace period; using it again
 * within the grace period answers the same new refresh token (a retry).
 */
export async function refreshSession(
  ctx: StandInContext,
  meta: RequestMeta,
  target: SignInTarget,
  refreshToken: string,
  /** The SECRET_HASH of the InitiateAuth flow, or `checked` when the caller verified the client secret. */
  proof: { secretHash: string | undefined; username: string | undefined } | 'checked',
  clientMetadata?: Record<string, string>,
): Promise<AuthenticationResult> {
  const { pool, client } = target;
  const session = ctx.store.sessionOfRefreshToken(refreshToken, ctx.now());
  if (!session || session.clientId !== client.clientId || session.userPoolId !== pool.id) {
    throw errors.notAuthorized('Invalid Refresh Token');
  }
  if (ctx.store.isRevoked(session.originJti)) throw errors.notAuthorized('Refresh Token has been revoked');
  if (session.expiresAt < ctx.now()) throw errors.notAuthorized('Refresh Token has expired');
  const user = ctx.store.findUser(pool, session.username);
  if (!user || user.sub !== session.sub) throw errors.notAuthorized('Invalid Refresh Token');
  if (proof !== 'checked') checkSecretHash(client, proof.secretHash, [user.username, ...(proof.username ? [proof.username] : [])]);
  if (!user.enabled) throw errors.notAuthorized('User is disabled.');
  const result = await issueUserTokens(ctx, meta, {
    pool,
    client,
    user,
    session,
    triggerSource: 'TokenGeneration_RefreshTokens',
    clientMetadata,
    ...(session.scopes ? { scopes: session.scopes } : {}),
  });
  const rotation = client.refreshTokenRotation;
  if (!rotation) return result;
  // The new refresh token lives as long as the one it replaces would have.
  if (session.refreshToken === refreshToken) ctx.store.rotateRefreshToken(session, opaqueToken(), ctx.now(), rotation.retryGracePeriodSeconds * 1000);
  return { ...result, RefreshToken: session.refreshToken };
}

/** The attributes the pool requires and the user lacks, as `userAttributes.<name>`. */
function missingRequiredAttributes(pool: UserPool, user: User): string[] {
  return [...pool.schema.values()]
    .filter((a) => a.required && a.name !== 'sub' && !user.attributes.has(a.name))
    .map((a) => `userAttributes.${a.name}`);
}

const challengeHandlers: Record<ChallengeName, ChallengeHandler> = {
  NEW_PASSWORD_REQUIRED: {
    parameters: ({ pool, user }) => ({
      USER_ID_FOR_SRP: user.username,
      requiredAttributes: JSON.stringify(missingRequiredAttributes(pool, user)),
      userAttributes: JSON.stringify(Object.fromEntries(user.attributes)),
    }),
    async respond(ctx, { pool, user }, responses) {
      const newPassword = requiredParameter(responses, 'NEW_PASSWORD');
      const attributes = Object.entries(responses)
        .filter(([key]) => key.startsWith('userAttributes.'))
        .map(([key, value]) => ({ Name: key.slice('userAttributes.'.length), Value: value }));
      validateAttributes(pool.schema, attributes, false);
      const missing = missingRequiredAttributes(pool, user).filter((name) => !(name in responses));
      if (missing.length > 0) throw errors.invalidParameter(`Invalid attributes given, ${missing.join(', ')} is missing`);
      await setPassword(ctx, pool, user, newPassword, true);
      for (const { Name, Value } of attributes) user.attributes.set(Name, Value);
      return 'TokenGeneration_NewPasswordChallenge';
    },
  },
  SOFTWARE_TOKEN_MFA: {
    parameters: ({ user }) => ({
      USER_ID_FOR_SRP: user.username,
      ...(user.softwareToken?.friendlyName ? { FRIENDLY_DEVICE_NAME: user.softwareToken.friendlyName } : {}),
    }),
    async respond(ctx, { user }, responses) {
      const code = requiredParameter(responses, 'SOFTWARE_TOKEN_MFA_CODE');
      const token = user.softwareToken;
      if (!token?.secret || !token.enabled) throw new CognitoError('SoftwareTokenMFANotFoundException', 'Software Token MFA has not been enabled by the user.');
      const step = matchTotp(token.secret, code, ctx.now(), token.lastUsedStep);
      if (step === undefined) throw new CognitoError('CodeMismatchException', 'Invalid code received for user');
      token.lastUsedStep = step;
      return 'TokenGeneration_Authentication';
    },
  },
};

/** Whether sign-in asks this user for an authenticator-app code. */
export function softwareTokenMfaActive(pool: UserPool, user: User): boolean {
  return pool.mfaConfiguration !== 'OFF' && user.softwareToken?.enabled === true && user.softwareToken.secret !== undefined;
}

/** Which challenge, if any, stands between a verified user and the tokens. */
function nextChallenge(step: SignInStep): ChallengeName | undefined {
  if (step.user.status === 'FORCE_CHANGE_PASSWORD') return 'NEW_PASSWORD_REQUIRED';
  // A refreshed session was authenticated with its MFA already; only sign-ins are asked.
  if (step.triggerSource === 'TokenGeneration_RefreshTokens') return undefined;
  if (softwareTokenMfaActive(step.pool, step.user) && !step.answered?.includes('SOFTWARE_TOKEN_MFA')) return 'SOFTWARE_TOKEN_MFA';
  return undefined;
}

async function continueSignIn(ctx: StandInContext, meta: RequestMeta, step: SignInStep): Promise<SignInOutcome> {
  const challengeName = nextChallenge(step);
  if (challengeName) {
    const session = opaqueToken();
    ctx.store.challenges.set(session, {
      session,
      challengeName,
      userPoolId: step.pool.id,
      clientId: step.client.clientId,
      username: step.user.username,
      expiresAt: ctx.now() + CHALLENGE_VALIDITY_MS,
      ...(step.answered ? { answered: [...step.answered] } : {}),
    });
    return { ChallengeName: challengeName, Session: session, ChallengeParameters: challengeHandlers[challengeName].parameters(step) };
  }
  return startSession(ctx, meta, step);
}

/** Opens a sign-in session and issues its three tokens. */
export async function startSession(ctx: StandInContext, meta: RequestMeta, step: SignInStep & { scopes?: readonly string[] }): Promise<SignInOutcome & { AuthenticationResult: AuthenticationResult }> {
  const { pool, client, user } = step;
  const now = ctx.now();
  const session: SignInSession = {
    originJti: randomUUID(),
    refreshToken: opaqueToken(),
    userPoolId: pool.id,
    clientId: client.clientId,
    username: user.username,
    sub: user.sub,
    authTime: Math.floor(now / 1000),
    expiresAt: now + client.validity.refreshSeconds * 1000,
    ...(step.scopes ? { scopes: [...step.scopes] } : {}),
  };
  const result = await issueUserTokens(ctx, meta, { ...step, session });
  // Recorded only once tokens exist, so a failing trigger leaves no usable refresh token.
  ctx.store.addSession(user, session);
  return { AuthenticationResult: { ...result, RefreshToken: session.refreshToken }, ChallengeParameters: {} };
}

/**
 * `RespondToAuthChallenge`: checks the session and the answer, then continues the sign-in
 * (to tokens, or to the next challenge). A session answers one challenge only.
 */
export async function respondToChallenge(
  ctx: StandInContext,
  meta: RequestMeta,
  target: SignInTarget,
  request: { challengeName: string; session: string | undefined; responses: Record<string, string>; clientMetadata?: Record<string, string> | undefined },
): Promise<SignInOutcome> {
  const { pool, client } = target;
  const pending = request.session ? ctx.store.challenges.get(request.session) : undefined;
  if (!pending || pending.expiresAt < ctx.now() || pending.clientId !== client.clientId || pending.userPoolId !== pool.id) {
    throw errors.notAuthorized('Invalid session for the user, session is expired.');
  }
  if (pending.challengeName !== request.challengeName) throw errors.invalidParameter('Invalid challenge name for this session.');
  const handler = challengeHandlers[pending.challengeName as ChallengeName];

  const username = requiredParameter(request.responses, 'USERNAME');
  const user = ctx.store.findUser(pool, username);
  if (!user || user.username !== pending.username) throw errors.notAuthorized('Invalid session for the user.');
  checkSecretHash(client, request.responses.SECRET_HASH, [username, user.username]);
  if (!user.enabled) throw errors.notAuthorized('User is disabled.');

  const step: SignInStep = {
    ...target,
    user,
    triggerSource: 'TokenGeneration_Authentication',
    clientMetadata: request.clientMetadata,
    answered: [...((pending.answered ?? []) as ChallengeName[]), pending.challengeName as ChallengeName],
  };
  // A wrong code leaves the session open for another try until it expires, as Cognito's.
  const triggerSource = await handler.respond(ctx, step, request.responses);
  ctx.store.challenges.delete(pending.session);
  return continueSignIn(ctx, meta, { ...step, triggerSource });
}
