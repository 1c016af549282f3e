import { refreshTokens, type Tokens } from '#adapters/cognito/user-auth';

/** New access and ID tokens for a refresh token (rotated by Cognito when rotation is on). */
export async function refreshSession(refreshToken: string): Promise<Tokens> {
  return refreshTokens(refreshToken);
}
