/**
 * Sign-in operations: `InitiateAuth`, `RespondToAuthChallenge` and their admin variants.
 * The flows themselves live in `auth-flow.ts`.
 */
import { timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { clientAllowsFlow, passwordSignIn, refreshSession, refreshTokenSignIn, respondToChallenge } from '../auth-flow';
import { errors } from '../errors';
import { fields, operation } from './operation';

const authFlow = z.enum([
  'USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN', 'CUSTOM_AUTH', 'ADMIN_NO_SRP_AUTH',
  'USER_PASSWORD_AUTH', 'ADMIN_USER_PASSWORD_AUTH', 'USER_AUTH',
]);

function notEnabled(flow: string) {
  return errors.invalidParameter(`${flow} flow not enabled for this client`);
}

function notSupported(flow: string) {
  return errors.invalidParameter(`AuthFlow ${flow} is not supported by the local Cognito stand-in.`);
}

/** `InitiateAuth`: `USER_PASSWORD_AUTH` and `REFRESH_TOKEN_AUTH`. */
const initiateAuth = operation(
  z.object({
    AuthFlow: authFlow,
    AuthParameters: fields.stringMap.optional(),
    ClientMetadata: fields.stringMap.optional(),
    ClientId: fields.clientId,
  }),
  async (ctx, input, meta) => {
    const client = ctx.store.client(input.ClientId);
    const target = { pool: ctx.store.pool(client.userPoolId), client };
    const parameters = input.AuthParameters ?? {};
    switch (input.AuthFlow) {
      case 'USER_PASSWORD_AUTH':
        if (!clientAllowsFlow(client, 'USER_PASSWORD_AUTH')) throw notEnabled('USER_PASSWORD_AUTH');
        // InitiateAuth's ClientMetadata goes to pre sign-up/authentication triggers, not token generation.
        return passwordSignIn(ctx, meta, target, parameters);
      case 'REFRESH_TOKEN_AUTH':
      case 'REFRESH_TOKEN':
        if (!clientAllowsFlow(client, 'REFRESH_TOKEN_AUTH')) throw notEnabled('REFRESH_TOKEN_AUTH');
        return refreshTokenSignIn(ctx, meta, target, parameters);
      case 'ADMIN_NO_SRP_AUTH':
      case 'ADMIN_USER_PASSWORD_AUTH':
        throw errors.invalidParameter('Initiate Auth method not supported.');
      default:
        throw notSupported(input.AuthFlow);
    }
  },
);

/** `AdminInitiateAuth`: `ADMIN_USER_PASSWORD_AUTH` and `REFRESH_TOKEN_AUTH`. */
const adminInitiateAuth = operation(
  z.object({
    UserPoolId: fields.userPoolId,
    ClientId: fields.clientId,
    AuthFlow: authFlow,
    AuthParameters: fields.stringMap.optional(),
    ClientMetadata: fields.stringMap.optional(),
  }),
  async (ctx, input, meta) => {
    const pool = ctx.store.pool(input.UserPoolId);
    const target = { pool, client: ctx.store.client(input.ClientId, pool.id) };
    const parameters = input.AuthParameters ?? {};
    switch (input.AuthFlow) {
      case 'ADMIN_USER_PASSWORD_AUTH':
      case 'ADMIN_NO_SRP_AUTH':
        if (!clientAllowsFlow(target.client, 'ADMIN_USER_PASSWORD_AUTH')) throw notEnabled('ADMIN_USER_PASSWORD_AUTH');
        return passwordSignIn(ctx, meta, target, parameters, input.ClientMetadata);
      case 'REFRESH_TOKEN_AUTH':
      case 'REFRESH_TOKEN':
        if (!clientAllowsFlow(target.client, 'REFRESH_TOKEN_AUTH')) throw notEnabled('REFRESH_TOKEN_AUTH');
        return refreshTokenSignIn(ctx, meta, target, parameters, input.ClientMetadata);
      default:
        throw notSupported(input.AuthFlow);
    }
  },
);

const challengeInput = {
  ClientId: fields.clientId,
  ChallengeName: z.string().min(1),
  Session: z.string().min(1).max(2048).optional(),
  ChallengeResponses: fields.stringMap.optional(),
  ClientMetadata: fields.stringMap.optional(),
};

/** `RespondToAuthChallenge`: answers a challenge of `InitiateAuth`. */
const respondToAuthChallenge = operation(z.object(challengeInput), async (ctx, input, meta) => {
  const client = ctx.store.client(input.ClientId);
  return respondToChallenge(ctx, meta, { pool: ctx.store.pool(client.userPoolId), client }, {
    challengeName: input.ChallengeName,
    session: input.Session,
    responses: input.ChallengeResponses ?? {},
    clientMetadata: input.ClientMetadata,
  });
});

/** `AdminRespondToAuthChallenge`: answers a challenge of `AdminInitiateAuth`. */
const adminRespondToAuthChallenge = operation(
  z.object({ UserPoolId: fields.userPoolId, ...challengeInput }),
  async (ctx, input, meta) => {
    const pool = ctx.store.pool(input.UserPoolId);
    return respondToChallenge(ctx, meta, { pool, client: ctx.store.client(input.ClientId, pool.id) }, {
      challengeName: input.ChallengeName,
      session: input.Session,
      responses: input.ChallengeResponses ?? {},
      clientMetadata: input.ClientMetadata,
    });
  },
);

function sameSecret(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `GetTokensFromRefreshToken`: new ID and access tokens, and on a client that rotates
 * refresh tokens a new refresh token (the one used lasts the client's grace period more).
 */
const getTokensFromRefreshToken = operation(
  z.object({
    RefreshToken: fields.token,
    ClientId: fields.clientId,
    ClientSecret: z.string().min(1).max(64).optional(),
    DeviceKey: z.string().optional(),
    ClientMetadata: fields.stringMap.optional(),
  }),
  async (ctx, input, meta) => {
    const client = ctx.store.client(input.ClientId);
    if (!client.refreshTokenRotation && !clientAllowsFlow(client, 'REFRESH_TOKEN_AUTH')) throw notEnabled('REFRESH_TOKEN_AUTH');
    if (client.secret && !sameSecret(input.ClientSecret, client.secret)) {
      throw errors.notAuthorized(`Unable to verify secret for client ${client.clientId}`);
    }
    const target = { pool: ctx.store.pool(client.userPoolId), client };
    return { AuthenticationResult: await refreshSession(ctx, meta, target, input.RefreshToken, 'checked', input.ClientMetadata) };
  },
);

/** The sign-in operations, by operation name. */
export const signInOperations = {
  InitiateAuth: initiateAuth,
  RespondToAuthChallenge: respondToAuthChallenge,
  AdminInitiateAuth: adminInitiateAuth,
  AdminRespondToAuthChallenge: adminRespondToAuthChallenge,
  GetTokensFromRefreshToken: getTokensFromRefreshToken,
};
