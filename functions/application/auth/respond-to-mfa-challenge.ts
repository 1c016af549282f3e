import { respondToSoftwareTokenChallenge } from '#adapters/cognito/mfa';
import type { Tokens } from '#adapters/cognito/user-auth';

/** Completes login's SOFTWARE_TOKEN_MFA challenge: the tokens, or 401 INVALID_MFA_CODE. */
export async function respondToMfaChallenge(answer: { username: string; session: string; code: string }): Promise<Tokens> {
  return respondToSoftwareTokenChallenge(answer.username, answer.session, answer.code);
}
