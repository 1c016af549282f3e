import { ulid } from 'ulid';
import { disableAccount, enableAccount, moveToRole, updateAccountAttributes } from '#adapters/cognito/user-directory';
import { getClient } from '#adapters/dynamodb/clients-repository';
import { createTechnician } from '#adapters/dynamodb/technicians-repository';
import { getUserRecord, updateUserRecord } from '#adapters/dynamodb/users-repository';
import { newTechnician } from '#domain/technicians';
import { applyUserPatch, auditViewOf, clientIdProblem, displayName, type UserPatch } from '#domain/users';
import { findRoute } from '#lib/model/find-route';
import { usersRoutes } from '#lib/model/routes/users';
import { Conflict, ValidationFailed } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch, resourceResult, visibleOr404 } from '#http-stack/resources';
import { syncTechnicianName } from './technician-profile';

/**
 * Updates a user. Steps: If-Match; the role and client stay consistent (a client user
 * has an existing client, nobody else has one); Cognito first (group, attributes,
 * enabled: a deactivation also signs the user out everywhere), then the technician
 * profile of a new technician, then the record.
 */
export async function updateUser({ params, body, headers, principal }: HttpRequest<{ id: string }, unknown, UserPatch>) {
  const who = caller(principal);
  const user = visibleOr404(await getUserRecord(who.tenantId, params.id), () => true, 'User', params.id);
  checkIfMatch(headers['if-match'], user);
  // An admin cannot lock themself out: another admin must do it.
  if (user.id === who.subject && (body.active === false || (body.role && body.role !== user.role))) {
    throw new Conflict('You cannot deactivate yourself or change your own role', 'CANNOT_CHANGE_OWN_ACCESS');
  }
  const role = body.role ?? user.role;
  const clientId = body.clientId !== undefined ? body.clientId : role === 'client' ? user.clientId : null;
  const problem = clientIdProblem(role, clientId);
  if (problem) throw new ValidationFailed(problem, [{ path: 'body.clientId', message: problem }]);
  if (clientId && clientId !== user.clientId && !(await getClient(who.tenantId, clientId))) {
    throw new ValidationFailed('clientId names no client', [{ path: 'body.clientId', message: 'no such client' }]);
  }

  if (role !== user.role) await moveToRole(user.id, user.role, role);
  await updateAccountAttributes(user.id, {
    ...(body.givenName !== undefined ? { givenName: body.givenName } : {}),
    ...(body.familyName !== undefined ? { familyName: body.familyName } : {}),
    ...(clientId !== user.clientId ? { clientId } : {}),
  });
  if (body.active === false && user.active) await disableAccount(user.id);
  if (body.active === true && !user.active) await enableAccount(user.id);

  const now = new Date().toISOString();
  let technicianId = user.technicianId;
  if (role === 'technician' && !technicianId) {
    const profile = newTechnician(ulid(), { name: displayName({ ...user, ...body }), userId: user.id, email: user.email, skills: [] }, now);
    await createTechnician(who.tenantId, profile);
    technicianId = profile.id;
  }
  const updated = applyUserPatch(user, { ...body, role, clientId, technicianId }, now);
  await updateUserRecord(who.tenantId, updated, user.version);
  await syncTechnicianName(who.tenantId, user, updated);
  return { ...resourceResult(updated), audit: { before: auditViewOf(who.tenantId, user), after: auditViewOf(who.tenantId, updated) } };
}

export const handler = httpRoute(findRoute(usersRoutes, 'updateUser'), updateUser);
