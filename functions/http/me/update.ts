import { updateOwnNames } from '#adapters/cognito/user-auth';
import { updateUserRecord } from '#adapters/dynamodb/users-repository';
import { applyUserPatch, auditViewOf, meView, type OwnProfilePatch } from '#domain/users';
import { findRoute } from '#lib/model/find-route';
import { meRoutes } from '#lib/model/routes/me';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch, resourceResult } from '#http-stack/resources';
import { syncTechnicianName } from '../users/technician-profile';
import { bearerToken, ownRecord } from './own-account';

/** Own names only: the body schema refuses anything else (role, e-mail, client). */
export async function updateMe({ body, headers, principal }: HttpRequest<unknown, unknown, OwnProfilePatch>) {
  const who = caller(principal);
  const token = bearerToken(headers);
  const user = await ownRecord(who, token);
  checkIfMatch(headers['if-match'], user);
  await updateOwnNames(token, body);
  const updated = applyUserPatch(user, body, new Date().toISOString());
  await updateUserRecord(who.tenantId, updated, user.version);
  await syncTechnicianName(who.tenantId, user, updated);
  return { ...resourceResult(updated), body: meView(updated), audit: { resourceId: user.id, before: auditViewOf(who.tenantId, user), after: auditViewOf(who.tenantId, updated) } };
}

export const handler = httpRoute(findRoute(meRoutes, 'updateMe'), updateMe);
