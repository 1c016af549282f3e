import { disableAccount, enableAccount, moveToRole, updateAccountAttributes } from '#adapters/cognito/user-directory';
import { getUserRecord, updateUserRecord } from '#adapters/dynamodb/users-repository';
import type { Principal } from '#domain/principal';
import { applyUserPatch, displayName, ownAccessRefusal, type User, type UserPatch } from '#domain/users';
import { NotFound } from '#platform/errors';
import { refuseSelfAdministration } from '../refusals';
import type { VersionCheck } from '../visible';
import { syncTechnicianName, technicianProfileOf } from './technician-profile';
import { checkClientOfRole } from './user-client';

/**
 * Updates a user. Steps:
 * 1. read the user (404) and check the caller's version;
 * 2. an admin cannot lock themself out (`ownAccessRefusal`: 409);
 * 3. the role and client stay consistent (a client user has an existing client, nobody else has one);
 * 4. Cognito first: group, attributes, enabled (a deactivation also signs the user out everywhere);
 * 5. a new technician gets their profile (one left by an interrupted attempt is taken again);
 * 6. the record, conditioned on the version read; then the technician profile's copied name.
 * Answers the user before and after.
 */
export async function updateUser(who: Principal, id: string, patch: UserPatch, checkVersion: VersionCheck, now = new Date().toISOString()): Promise<{ before: User; after: User }> {
  const user = await getUserRecord(who.tenantId, id);
  if (!user) throw new NotFound('User', id);
  checkVersion(user);
  const refusal = ownAccessRefusal(who.subject, user, patch);
  if (refusal) refuseSelfAdministration(refusal);
  const role = patch.role ?? user.role;
  const clientId = patch.clientId !== undefined ? patch.clientId : role === 'client' ? user.clientId : null;
  await checkClientOfRole(who.tenantId, role, clientId, user.clientId);

  if (role !== user.role) await moveToRole(user.id, user.role, role);
  await updateAccountAttributes(user.id, {
    ...(patch.givenName !== undefined ? { givenName: patch.givenName } : {}),
    ...(patch.familyName !== undefined ? { familyName: patch.familyName } : {}),
    ...(clientId !== user.clientId ? { clientId } : {}),
  });
  if (patch.active === false && user.active) await disableAccount(user.id);
  if (patch.active === true && !user.active) await enableAccount(user.id);

  const technicianId =
    role === 'technician' && !user.technicianId ? await technicianProfileOf(who.tenantId, { id: user.id, name: displayName({ ...user, ...patch }), email: user.email }, now) : user.technicianId;
  const updated = applyUserPatch(user, { ...patch, role, clientId, technicianId }, now);
  await updateUserRecord(who.tenantId, updated, user.version);
  await syncTechnicianName(who.tenantId, user, updated);
  return { before: user, after: updated };
}
