/** The password checks of every use case that sets a password, before Cognito is asked. */
import { passwordRefusal } from '#domain/passwords';
import { refusePassword } from '../refusals';

/** Throws PASSWORD_POLICY (400) when the new password is common, too short or built on the e-mail. */
export function assertAcceptablePassword(password: string, email: string | undefined, path = 'body.newPassword'): void {
  const refusal = passwordRefusal(password, email);
  if (refusal) refusePassword(refusal, path);
}
