import { ulid } from 'ulid';
import { createAccount } from '#adapters/cognito/user-directory';
import { getClient } from '#adapters/dynamodb/clients-repository';
import { createTechnician, getTechnician, updateTechnician } from '#adapters/dynamodb/technicians-repository';
import { createUserRecord } from '#adapters/dynamodb/users-repository';
import { applyTechnicianPatch, newTechnician } from '#domain/technicians';
import { auditViewOf, clientIdProblem, displayName, mayManageRole, newUser, type NewUser } from '#domain/users';
import { findRoute } from '#lib/model/find-route';
import { usersRoutes } from '#lib/model/routes/users';
import { Conflict, Forbidden, ValidationFailed } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

/**
 * Creates a user. Steps: the caller may give the role (a manager: technician or client);
 * a client user names an existing client, nobody else does; a technician's profile to
 * link must exist and be free; then the Cognito account (temporary password, group),
 * the technician profile (linked or created) and the Hydrant record.
 */
export async function createUser({ body, principal }: HttpRequest<unknown, unknown, NewUser>) {
  const who = caller(principal);
  if (!mayManageRole(who, body.role)) throw new Forbidden(`A ${who.role ?? 'caller without a role'} may not create ${body.role} users`);
  const problem = clientIdProblem(body.role, body.clientId);
  if (problem) throw new ValidationFailed(problem, [{ path: 'body.clientId', message: problem }]);
  if (body.clientId && !(await getClient(who.tenantId, body.clientId))) {
    throw new ValidationFailed('clientId names no client', [{ path: 'body.clientId', message: 'no such client' }]);
  }
  if (body.technicianId && body.role !== 'technician') {
    throw new ValidationFailed('technicianId is only for technicians', [{ path: 'body.technicianId', message: 'only for technicians' }]);
  }
  const linked = body.technicianId ? await getTechnician(who.tenantId, body.technicianId) : undefined;
  if (body.technicianId && !linked) throw new ValidationFailed('technicianId names no technician', [{ path: 'body.technicianId', message: 'no such technician' }]);
  if (linked?.userId) throw new Conflict('This technician profile is already linked to a user', 'TECHNICIAN_LINKED');

  const email = body.email.trim().toLowerCase();
  const { sub, temporaryPassword } = await createAccount({
    email,
    givenName: body.givenName,
    familyName: body.familyName,
    tenantId: who.tenantId,
    clientId: body.clientId ?? null,
    role: body.role,
  });
  const now = new Date().toISOString();
  let technicianId: string | null = null;
  if (linked) {
    await updateTechnician(who.tenantId, applyTechnicianPatch(linked, { userId: sub }, now), linked.version);
    technicianId = linked.id;
  } else if (body.role === 'technician') {
    const profile = newTechnician(ulid(), { name: displayName(body), userId: sub, email, skills: [] }, now);
    await createTechnician(who.tenantId, profile);
    technicianId = profile.id;
  }
  const user = newUser(sub, { ...body, email }, technicianId, now);
  await createUserRecord(who.tenantId, user);
  const result = resourceResult(user, 201, { Location: `/v1/users/${user.id}` });
  return {
    ...result,
    // Local stack only (TEMPORARY_PASSWORD_DELIVERY=response): shown once; in the cloud Cognito e-mails it.
    body: temporaryPassword ? { ...user, temporaryPassword } : user,
    audit: { resourceId: user.id, after: auditViewOf(who.tenantId, user) },
  };
}

export const handler = httpRoute(findRoute(usersRoutes, 'createUser'), createUser);
