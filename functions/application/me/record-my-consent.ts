import { updateUserRecord } from '#adapters/dynamodb/users-repository';
import type { Principal } from '#domain/principal';
import { CURRENT_PRIVACY_POLICY_VERSION, recordConsent, type User } from '#domain/users';
import { ValidationFailed } from '#platform/errors';
import { bearerToken } from './access-token';
import { ownRecord } from './own-record';

/**
 * Records the caller's consent to a privacy policy version, with the time (GDPR art.
 * 7(1): the controller can show it). Steps: only the current version is accepted (400);
 * their record; the consent written, conditioned on the version read. Answers the
 * record before and after.
 */
export async function recordMyConsent(who: Principal, authorization: string | undefined, policyVersion: string, now = new Date().toISOString()): Promise<{ before: User; after: User }> {
  if (policyVersion !== CURRENT_PRIVACY_POLICY_VERSION) {
    const message = `consent is given to the current policy version, ${CURRENT_PRIVACY_POLICY_VERSION}`;
    throw new ValidationFailed(message, [{ path: 'body.policyVersion', message }]);
  }
  const user = await ownRecord(who, bearerToken(authorization));
  const updated = recordConsent(user, policyVersion, now);
  await updateUserRecord(who.tenantId, updated, user.version);
  return { before: user, after: updated };
}
