import { deleteAccount } from '#adapters/cognito/user-directory';
import { findPersonalData, pseudonymisePersonalData } from '#adapters/dynamodb/personal-data';
import { findTechnicianByUser, getTechnician, updateTechnician } from '#adapters/dynamodb/technicians-repository';
import { deleteUserRecord } from '#adapters/dynamodb/users-repository';
import type { Principal } from '#domain/principal';
import { applyTechnicianPatch } from '#domain/technicians';
import { erasureRefusal, pseudonymOf } from '#domain/users';
import { refuseSelfAdministration } from '../refusals';
import type { VersionCheck } from '../visible';
import { userOfTenant } from './user-of-tenant';

/**
 * Erases a user (GDPR art. 17). Steps:
 * 1. not the caller (409 CANNOT_ERASE_SELF); the user must be of the caller's tenant (else 404);
 *    the caller's version is checked against the record, when there is one;
 * 2. every record about them is found (since the first of their dates);
 * 3. the Cognito account is signed out and deleted (no more sign-in, refresh or reset);
 * 4. their technician profile loses name, e-mail, phone and home base;
 * 5. every mention of their id and name becomes the pseudonym;
 * 6. their notifications and record are deleted.
 * Repeating an interrupted erasure finishes it. Answers the pseudonym, all the audit keeps.
 */
export async function eraseUser(who: Principal, id: string, checkVersion: VersionCheck, now = new Date().toISOString()): Promise<{ pseudonym: string }> {
  const refusal = erasureRefusal(who.subject, id);
  if (refusal) refuseSelfAdministration(refusal);
  const { user, account, sameTenant } = await userOfTenant(who.tenantId, id);
  if (user) checkVersion(user);

  const technician = (user?.technicianId ? await getTechnician(who.tenantId, user.technicianId) : undefined) ?? (await findTechnicianByUser(who.tenantId, [id]));
  const subject = {
    tenantId: who.tenantId,
    userIds: [id],
    technicianId: technician?.id ?? null,
    since: [user?.createdAt, technician?.createdAt, account?.createdAt].filter((d): d is string => !!d).sort()[0] ?? '1970-01-01T00:00:00.000Z',
  };
  const pseudonym = pseudonymOf(who.tenantId, id);
  const found = await findPersonalData(subject);
  if (sameTenant) await deleteAccount(id);
  if (technician) {
    const patch = { name: pseudonym, email: null, phone: null, userId: null, homeBase: null, active: false };
    await updateTechnician(who.tenantId, applyTechnicianPatch(technician, patch, now), technician.version);
  }
  await pseudonymisePersonalData(subject, found, pseudonym);
  if (user) await deleteUserRecord(who.tenantId, id);
  return { pseudonym };
}
