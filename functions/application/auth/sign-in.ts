import { loginWithPassword, type LoginAnswer } from '#adapters/cognito/user-auth';

/** Signs in with a password. Steps: Cognito's USER_PASSWORD_AUTH; answers the tokens, or the challenge to meet (new password, MFA code). */
export async function signIn(credentials: { username: string; password: string }): Promise<LoginAnswer> {
  return loginWithPassword(credentials.username, credentials.password);
}
