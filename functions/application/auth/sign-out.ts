import { revokeRefreshToken } from '#adapters/cognito/user-auth';

/** Revokes the refresh token; Cognito then also refuses the access tokens issued from it. */
export async function signOut(refreshToken: string): Promise<void> {
  await revokeRefreshToken(refreshToken);
}
