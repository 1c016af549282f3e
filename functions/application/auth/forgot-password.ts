import { requestPasswordReset } from '#adapters/cognito/user-auth';

/** Asks Cognito to e-mail a reset code; says nothing of whether the account exists. */
export async function forgotPassword(username: string): Promise<void> {
  await requestPasswordReset(username);
}
