import * as z from 'zod';

export const LoginBody = z.strictObject({
  username: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(256),
});

export const RefreshBody = z.strictObject({ refresh_token: z.string().min(1).max(8192) });

export const LogoutBody = RefreshBody;

/** RFC 6749 token response names. */
export const TokenResponse = z
  .object({
    access_token: z.string(),
    id_token: z.string(),
    refresh_token: z.string().optional(),
    expires_in: z.int(),
    token_type: z.literal('Bearer'),
  })
  .meta({ id: 'TokenResponse' });

/**
 * The challenges `POST /v1/auth/login` may answer instead of tokens; each is completed
 * by its own route with the `session` (SOFTWARE_TOKEN_MFA: `POST /v1/auth/mfa`).
 */
export const AuthChallengeName = z.enum(['SOFTWARE_TOKEN_MFA']).meta({ id: 'AuthChallengeName' });

/** A step between the password and the tokens. */
export const AuthChallenge = z
  .object({
    challenge: AuthChallengeName,
    session: z.string().describe('Opaque; valid three minutes, for this challenge only'),
  })
  .meta({ id: 'AuthChallenge' });

/** Login answers tokens, or a challenge to complete first. */
export const LoginResponse = z.union([TokenResponse, AuthChallenge]);

/** The answer to the SOFTWARE_TOKEN_MFA challenge: a code of the user's authenticator app. */
export const MfaChallengeBody = z.strictObject({
  username: z.string().trim().min(1).max(254),
  session: z.string().min(20).max(2048),
  code: z.string().regex(/^\d{6}$/, 'must be the six digits of the authenticator app'),
});

export const Health = z
  .object({ status: z.literal('ok'), version: z.string(), time: z.string() })
  .meta({ id: 'Health' });
