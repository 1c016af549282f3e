import { changeOwnPassword, ownAttributes } from '#adapters/cognito/user-auth';
import { assertAcceptablePassword } from '../auth/acceptable-password';
import { bearerToken } from './access-token';

/**
 * Changes the caller's password. Steps: their access token; Hydrant's password checks
 * (against their e-mail, read with the token); Cognito ChangePassword, which checks the
 * current password.
 */
export async function changeMyPassword(authorization: string | undefined, passwords: { oldPassword: string; newPassword: string }): Promise<void> {
  const token = bearerToken(authorization);
  assertAcceptablePassword(passwords.newPassword, (await ownAttributes(token)).email);
  await changeOwnPassword(token, passwords.oldPassword, passwords.newPassword);
}
