
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { APP_CLIENTS } from '../user-pool';

const REFRESH_GRACE_SECONDS = APP_CLIENTS.login.refreshTokenRotation.retryGracePeriodSeconds;

export const LoginBody = lazySchema(() => z.strictObject({
  username: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(256),
  // What OAuth2 password-grant clients send too (RFC 6749 §4.3.2), usually as a form.
  grant_type: z.literal('password').optional().describe('OAuth2 clients: `password`, the only grant this route answers'),
  scope: z.string().max(1024).optional().describe("OAuth2 clients: accepted and ignored (a user's token carries the user's role)"),
  client_id: z.string().max(128).optional().describe("OAuth2 clients: accepted and ignored (Hydrant's own app client issues the tokens)"),
}).meta({ id: 'LoginBody' }));

export const RefreshBody = lazySchema(() => z.strictObject({ refresh_token: z.string().min(1).max(8192) }));

export const LogoutBody = RefreshBody;

/** RFC 6749 token response names. */
export const TokenResponse = lazySchema(() => z
  .object({
    access_token: z.string(),
    id_token: z.string(),
    refresh_token: z.string().optional(),
    expires_in: z.int(),
    token_type: z.literal('Bearer'),
  })
  .meta({ id: 'TokenResponse' }));

/** A refresh's answer: refresh tokens rotate, so it always holds the next one. */
export const RefreshedTokens = lazySchema(() => TokenResponse.extend({
  refresh_token: z.string().describe(`The refresh token to use next time: the one sent stops working ${REFRESH_GRACE_SECONDS} seconds after this answer`),
}).meta({ id: 'RefreshedTokens' }));

/**
 * The challenges a login (or a completed challenge) may answer with instead of tokens;
 * each is completed by its own route with the `session`.
 */
export const LOGIN_CHALLENGES = ['NEW_PASSWORD_REQUIRED', 'SOFTWARE_TOKEN_MFA'] as const;

export type LoginChallengeName = (typeof LOGIN_CHALLENGES)[number];

/** A step the user must complete before getting tokens, answered with its `session`. */
export const ChallengeResponse = lazySchema(() => z
  .object({
    challenge: z
      .enum(LOGIN_CHALLENGES)
      .describe('NEW_PASSWORD_REQUIRED: first login with a temporary password, send POST /v1/auth/new-password; SOFTWARE_TOKEN_MFA: send POST /v1/auth/mfa with the authenticator code'),
    session: z.string().describe('Opaque, valid 3 minutes, for the one request that answers the challenge'),
  })
  .meta({ id: 'ChallengeResponse' }));

/** What a login answers: the tokens, or a challenge to complete first. */
export const LoginResponse = lazySchema(() => z.union([TokenResponse, ChallengeResponse]));

/** Passwords users choose (OWASP ASVS L2: at least 12 characters, at most 256; content checked by the domain). */
export const NewPassword = lazySchema(() => z.string().min(12).max(256));

export const NewPasswordBody = lazySchema(() => z.strictObject({
  username: LoginBody.shape.username,
  session: z.string().min(1).max(2048),
  newPassword: NewPassword,
}));

export const ForgotPasswordBody = lazySchema(() => z.strictObject({ username: LoginBody.shape.username }));

export const ResetPasswordBody = lazySchema(() => z.strictObject({
  username: LoginBody.shape.username,
  code: z.string().trim().min(1).max(16),
  newPassword: NewPassword,
}));

/** The answer to the SOFTWARE_TOKEN_MFA challenge: a code of the user's authenticator app. */
export const MfaChallengeBody = lazySchema(() => z.strictObject({
  username: z.string().trim().min(1).max(254),
  session: z.string().min(20).max(2048),
  code: z.string().regex(/^\d{6}$/, 'must be the six digits of the authenticator app'),
}));
