import { confirmPasswordReset } from '#adapters/cognito/user-auth';
import { assertAcceptablePassword } from './acceptable-password';

/** Sets a new password with the e-mailed code. Steps: Hydrant's password checks (400 PASSWORD_POLICY); Cognito checks the code and sets it. */
export async function resetPassword(reset: { username: string; code: string; newPassword: string }): Promise<void> {
  assertAcceptablePassword(reset.newPassword, reset.username);
  await confirmPasswordReset(reset.username, reset.code, reset.newPassword);
}
