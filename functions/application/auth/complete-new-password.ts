import { completeNewPassword as respondWithNewPassword, type LoginAnswer } from '#adapters/cognito/user-auth';
import { assertAcceptablePassword } from './acceptable-password';

/** Answers NEW_PASSWORD_REQUIRED. Steps: Hydrant's password checks (400 PASSWORD_POLICY); the user's own password replaces the temporary one; the tokens. */
export async function completeNewPassword(answer: { username: string; session: string; newPassword: string }): Promise<LoginAnswer> {
  assertAcceptablePassword(answer.newPassword, answer.username);
  return respondWithNewPassword(answer.username, answer.session, answer.newPassword);
}
