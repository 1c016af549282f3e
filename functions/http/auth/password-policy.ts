/** The password checks of every route that sets a password, before Cognito is asked. */
import { passwordRefusal, passwordRefusalMessage } from '#domain/passwords';
import { PasswordPolicyViolation } from '#platform/errors';

/** Throws PASSWORD_POLICY (400) when the new password is common, too short or built on the e-mail. */
export function assertAcceptablePassword(password: string, email: string | undefined, path = 'body.newPassword'): void {
  const refusal = passwordRefusal(password, email);
  if (refusal) throw new PasswordPolicyViolation(path, passwordRefusalMessage(refusal));
}
