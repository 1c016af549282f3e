import { deleteAccount, getAccount } from '#adapters/cognito/user-directory';
import { findPersonalData, pseudonymisePersonalData } from '#adapters/dynamodb/personal-data';
import { findTechnicianByUser, getTechnician, updateTechnician } from '#adapters/dynamodb/technicians-repository';
import { deleteUserRecord, getUserRecord } from '#adapters/dynamodb/users-repository';
import { applyTechnicianPatch } from '#domain/technicians';
import { pseudonymOf } from '#domain/users';
import { findRoute } from '#lib/model/find-route';
import { usersRoutes } from '#lib/model/routes/users';
import { Conflict, NotFound } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch } from '#http-stack/resources';

/**
 * Erases a user (GDPR art. 17). Steps: the user must be of the caller's tenant (else
 * 404) and not the caller; every record about them is found; the Cognito account is
 * signed out and deleted (no more sign-in, refresh or reset); their technician profile
 * loses name, e-mail, phone and home base; every mention of their id and name becomes
 * the pseudonym; their notifications and record are deleted. The audit record of the
 * erasure keeps the pseudonym only. Repeating an interrupted erasure finishes it.
 */
export async function eraseUser({ params, headers, principal }: HttpRequest<{ id: string }>) {
  const who = caller(principal);
  if (params.id === who.subject) throw new Conflict('Erase your account through another administrator', 'CANNOT_ERASE_SELF');
  const [user, account] = await Promise.all([getUserRecord(who.tenantId, params.id), getAccount(params.id)]);
  const sameTenant = account?.tenantId === who.tenantId;
  if (!user && !sameTenant) throw new NotFound('User', params.id);
  if (user) checkIfMatch(headers['if-match'], user);

  const technician =
    (user?.technicianId ? await getTechnician(who.tenantId, user.technicianId) : undefined) ?? (await findTechnicianByUser(who.tenantId, [params.id]));
  const subject = {
    tenantId: who.tenantId,
    userIds: [params.id],
    technicianId: technician?.id ?? null,
    since: [user?.createdAt, technician?.createdAt, account?.createdAt].filter((d): d is string => !!d).sort()[0] ?? '1970-01-01T00:00:00.000Z',
  };
  const pseudonym = pseudonymOf(who.tenantId, params.id);
  const found = await findPersonalData(subject);
  if (sameTenant) await deleteAccount(params.id);
  if (technician) {
    const patch = { name: pseudonym, email: null, phone: null, userId: null, homeBase: null, active: false };
    await updateTechnician(who.tenantId, applyTechnicianPatch(technician, patch, new Date().toISOString()), technician.version);
  }
  await pseudonymisePersonalData(subject, found, pseudonym);
  if (user) await deleteUserRecord(who.tenantId, params.id);
  return { status: 204, audit: { resourceId: params.id, before: { pseudonym }, after: { pseudonym, erased: true } } };
}

export const handler = httpRoute(findRoute(usersRoutes, 'eraseUser'), eraseUser);
