/**
 * Password login, refresh and revocation against the Cognito user pool's public
 * app client. The endpoint comes from the SDK's standard configuration
 * (`AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER` locally).
 */
import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RevokeTokenCommand,
  type AuthenticationResultType,
} from '@aws-sdk/client-cognito-identity-provider';
import * as z from 'zod';
import { InvalidCredentials, TooManyRequests, Unauthorized } from '#platform/errors';
import { readEnv } from '#platform/config';
import { tracer } from '#platform/observability';

const { USER_POOL_CLIENT_ID } = readEnv({ USER_POOL_CLIENT_ID: z.string().min(1) });
const cognito = tracer.captureAWSv3Client(new CognitoIdentityProviderClient({}));

/** The login challenges a client completes through the API (`AuthChallengeName` of the model). */
export const CLIENT_CHALLENGES = ['SOFTWARE_TOKEN_MFA'] as const;
export type ClientChallengeName = (typeof CLIENT_CHALLENGES)[number];

/** Login's answer when a step stands between the password and the tokens. */
export interface AuthChallenge {
  challenge: ClientChallengeName;
  session: string;
}

const isClientChallenge = (name: string | undefined): name is ClientChallengeName => (CLIENT_CHALLENGES as readonly string[]).includes(name ?? '');

export interface Tokens {
  access_token: string;
  id_token: string;
  refresh_token?: string;
  expires_in: number;
  token_type: 'Bearer';
}

export function toTokens(result: AuthenticationResultType | undefined): Tokens {
  if (!result?.AccessToken || !result.IdToken) throw new Unauthorized('The identity provider returned no tokens');
  return {
    access_token: result.AccessToken,
    id_token: result.IdToken,
    ...(result.RefreshToken ? { refresh_token: result.RefreshToken } : {}),
    expires_in: result.ExpiresIn ?? 3600,
    token_type: 'Bearer',
  };
}

/** Maps Cognito's refusals to our errors without saying whether the user exists. */
export function refusal(error: unknown, what: string): Error {
  const name = (error as { name?: string }).name;
  if (name === 'NotAuthorizedException' || name === 'UserNotFoundException') return new InvalidCredentials(what);
  if (name === 'PasswordResetRequiredException') return new InvalidCredentials('A password reset is required before logging in');
  if (name === 'UserNotConfirmedException') return new InvalidCredentials('The account is not confirmed');
  if (name === 'TooManyRequestsException' || name === 'LimitExceededException') return new TooManyRequests('Too many attempts; wait and retry', 30);
  return error as Error;
}

/** Tokens, or the challenge (with its session) the client must complete first. */
export async function loginWithPassword(username: string, password: string): Promise<Tokens | AuthChallenge> {
  try {
    const out = await cognito.send(
      new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: USER_POOL_CLIENT_ID, AuthParameters: { USERNAME: username, PASSWORD: password } }),
    );
    if (isClientChallenge(out.ChallengeName) && out.Session) return { challenge: out.ChallengeName, session: out.Session };
    if (out.ChallengeName) throw new InvalidCredentials(`The account must first complete the ${out.ChallengeName} step`);
    return toTokens(out.AuthenticationResult);
  } catch (error) {
    throw refusal(error, 'Incorrect username or password');
  }
}

export async function refreshTokens(refreshToken: string): Promise<Tokens> {
  try {
    const out = await cognito.send(
      new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: USER_POOL_CLIENT_ID, AuthParameters: { REFRESH_TOKEN: refreshToken } }),
    );
    return toTokens(out.AuthenticationResult);
  } catch (error) {
    throw refusal(error, 'The refresh token is invalid, expired or revoked');
  }
}

export async function revokeRefreshToken(refreshToken: string): Promise<void> {
  try {
    await cognito.send(new RevokeTokenCommand({ Token: refreshToken, ClientId: USER_POOL_CLIENT_ID }));
  } catch (error) {
    const name = (error as { name?: string }).name;
    // Revoking an unknown or already revoked token is the state the caller wants.
    if (name === 'UnsupportedTokenTypeException' || name === 'NotAuthorizedException') return;
    throw refusal(error, 'The refresh token could not be revoked');
  }
}
