import { updateOwnNames } from '#adapters/cognito/user-auth';
import { updateUserRecord } from '#adapters/dynamodb/users-repository';
import type { Principal } from '#domain/principal';
import { applyUserPatch, type OwnProfilePatch, type User } from '#domain/users';
import { syncTechnicianName } from '../users/technician-profile';
import type { VersionCheck } from '../visible';
import { bearerToken } from './access-token';
import { ownRecord } from './own-record';

/**
 * Changes the caller's own names (the route's schema refuses anything else: role,
 * e-mail, client). Steps: their record; their version checked; Cognito's attributes
 * with their access token; the record, conditioned on the version read; the
 * technician profile's copied name. Answers the record before and after.
 */
export async function updateMe(who: Principal, authorization: string | undefined, patch: OwnProfilePatch, checkVersion: VersionCheck, now = new Date().toISOString()): Promise<{ before: User; after: User }> {
  const token = bearerToken(authorization);
  const user = await ownRecord(who, token);
  checkVersion(user);
  await updateOwnNames(token, patch);
  const updated = applyUserPatch(user, patch, now);
  await updateUserRecord(who.tenantId, updated, user.version);
  await syncTechnicianName(who.tenantId, user, updated);
  return { before: user, after: updated };
}
