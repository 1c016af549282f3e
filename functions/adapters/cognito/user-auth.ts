/**
 * Password login, refresh and revocation against the Cognito user pool's public
 * app client. The endpoint comes from the SDK's standard configuration
 * (`AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER` locally).
 */
import {
  ChangePasswordCommand,
  CognitoIdentityProviderClient,
  ConfirmForgotPasswordCommand,
  ForgotPasswordCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  UpdateUserAttributesCommand,
  type AuthenticationResultType,
  type ChallengeNameType,
} from '@aws-sdk/client-cognito-identity-provider';
import * as z from 'zod';
import { LOGIN_CHALLENGES, type LoginChallengeName } from '#lib/model/schemas/auth';
import { InvalidCredentials, InvalidResetCode, PasswordPolicyViolation, TooManyRequests, Unauthorized } from '#platform/errors';
import { logger } from '#platform/observability';
import { readEnv } from '#platform/config';

const { USER_POOL_CLIENT_ID } = readEnv({ USER_POOL_CLIENT_ID: z.string().min(1) });
const cognito = new CognitoIdentityProviderClient({});

export interface Tokens {
  access_token: string;
  id_token: string;
  refresh_token?: string;
  expires_in: number;
  token_type: 'Bearer';
}

/** A step between the password and the tokens (RFC 6749 has none: Hydrant's own shape). */
export interface LoginChallenge {
  challenge: LoginChallengeName;
  session: string;
}

/** What a login or a completed challenge gives: tokens, or the next challenge. */
export type LoginAnswer = Tokens | LoginChallenge;

/** The challenge Cognito answered with, when it is one Hydrant lets the client complete. */
function pendingChallenge(name: ChallengeNameType | undefined, session: string | undefined): LoginChallenge | undefined {
  const known = LOGIN_CHALLENGES.find((c) => c === name);
  return known && session ? { challenge: known, session } : undefined;
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

export async function loginWithPassword(username: string, password: string): Promise<LoginAnswer> {
  try {
    const out = await cognito.send(
      new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: USER_POOL_CLIENT_ID, AuthParameters: { USERNAME: username, PASSWORD: password } }),
    );
    const challenge = pendingChallenge(out.ChallengeName, out.Session);
    if (challenge) return challenge;
    if (out.ChallengeName) throw new InvalidCredentials(`The account must first complete the ${out.ChallengeName} step`);
    return toTokens(out.AuthenticationResult);
  } catch (error) {
    throw refusal(error, 'Incorrect username or password');
  }
}

/**
 * New tokens for a refresh token. The login client rotates refresh tokens: the answer
 * holds a new one, and the one given stops working after a few seconds' grace (Cognito's
 * `RetryGracePeriodSeconds`, for a retry whose answer was lost).
 */
export async function refreshTokens(refreshToken: string): Promise<Tokens> {
  try {
    const out = await cognito.send(new GetTokensFromRefreshTokenCommand({ ClientId: USER_POOL_CLIENT_ID, RefreshToken: refreshToken }));
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

/** Cognito's refusal of a new password, as Hydrant's PASSWORD_POLICY problem. */
function passwordRefused(error: unknown, path: string): Error | undefined {
  const { name, message } = error as { name?: string; message?: string };
  if (name !== 'InvalidPasswordException') return undefined;
  return new PasswordPolicyViolation(path, (message ?? '').replace(/^Password did not conform with policy: /, '').toLowerCase() || 'does not meet the password policy');
}

/** Cognito's answer to a login challenge of this app client (its errors are the caller's to map). */
export function respondToChallenge(challenge: 'NEW_PASSWORD_REQUIRED' | 'SOFTWARE_TOKEN_MFA', username: string, session: string, responses: Record<string, string>) {
  return cognito.send(
    new RespondToAuthChallengeCommand({ ClientId: USER_POOL_CLIENT_ID, ChallengeName: challenge, Session: session, ChallengeResponses: { USERNAME: username, ...responses } }),
  );
}

/**
 * Completes NEW_PASSWORD_REQUIRED (first login with a temporary password): the user
 * chooses a password and gets tokens, or the next challenge.
 */
export async function completeNewPassword(username: string, session: string, newPassword: string): Promise<LoginAnswer> {
  try {
    const out = await respondToChallenge('NEW_PASSWORD_REQUIRED', username, session, { NEW_PASSWORD: newPassword });
    const challenge = pendingChallenge(out.ChallengeName, out.Session);
    if (challenge) return challenge;
    return toTokens(out.AuthenticationResult);
  } catch (error) {
    throw passwordRefused(error, 'body.newPassword') ?? refusal(error, 'The session is invalid or expired; log in again');
  }
}

/**
 * Asks Cognito to e-mail a reset code. Every refusal (unknown user, disabled account,
 * no verified e-mail, too many requests) is logged and swallowed: the caller must not
 * learn whether the account exists.
 */
export async function requestPasswordReset(username: string): Promise<void> {
  try {
    await cognito.send(new ForgotPasswordCommand({ ClientId: USER_POOL_CLIENT_ID, Username: username }));
  } catch (error) {
    const name = (error as { name?: string }).name ?? 'Error';
    const expected = ['UserNotFoundException', 'NotAuthorizedException', 'InvalidParameterException', 'LimitExceededException', 'TooManyRequestsException'];
    if (!expected.includes(name)) throw error;
    logger.info('password reset not sent', { reason: name });
  }
}

/** Sets a new password with the e-mailed code. */
export async function confirmPasswordReset(username: string, code: string, newPassword: string): Promise<void> {
  try {
    await cognito.send(new ConfirmForgotPasswordCommand({ ClientId: USER_POOL_CLIENT_ID, Username: username, ConfirmationCode: code, Password: newPassword }));
  } catch (error) {
    const name = (error as { name?: string }).name;
    const policy = passwordRefused(error, 'body.newPassword');
    if (policy) throw policy;
    if (name === 'ExpiredCodeException') throw new InvalidResetCode('The code has expired or was replaced; ask for a new one', 'EXPIRED_CODE');
    // A wrong code, an unknown or a disabled account all look the same.
    if (name === 'CodeMismatchException' || name === 'UserNotFoundException' || name === 'NotAuthorizedException') {
      throw new InvalidResetCode('The code is not valid', 'INVALID_CODE');
    }
    throw refusal(error, 'The password could not be reset');
  }
}

/** Changes the caller's password with their access token (Cognito ChangePassword). */
export async function changeOwnPassword(accessToken: string, oldPassword: string, newPassword: string): Promise<void> {
  try {
    await cognito.send(new ChangePasswordCommand({ AccessToken: accessToken, PreviousPassword: oldPassword, ProposedPassword: newPassword }));
  } catch (error) {
    throw passwordRefused(error, 'body.newPassword') ?? refusal(error, 'The current password is not correct');
  }
}

/** The caller's own attributes, with their access token (Cognito GetUser: no IAM, the token is the credential). */
export async function ownAttributes(accessToken: string): Promise<Record<string, string>> {
  try {
    const out = await cognito.send(new GetUserCommand({ AccessToken: accessToken }));
    return Object.fromEntries((out.UserAttributes ?? []).map((a) => [a.Name ?? '', a.Value ?? '']));
  } catch (error) {
    throw refusal(error, 'The access token is no longer valid');
  }
}

/** Changes the caller's own names (Cognito UpdateUserAttributes with their access token). */
export async function updateOwnNames(accessToken: string, names: Partial<{ givenName: string; familyName: string }>): Promise<void> {
  const attributes = [
    ...(names.givenName !== undefined ? [{ Name: 'given_name', Value: names.givenName }] : []),
    ...(names.familyName !== undefined ? [{ Name: 'family_name', Value: names.familyName }] : []),
  ];
  if (attributes.length === 0) return;
  try {
    await cognito.send(new UpdateUserAttributesCommand({ AccessToken: accessToken, UserAttributes: attributes }));
  } catch (error) {
    throw refusal(error, 'The access token is no longer valid');
  }
}
