import { createAccount } from '#adapters/cognito/user-directory';
import { getTechnician, updateTechnician } from '#adapters/dynamodb/technicians-repository';
import { createUserRecord } from '#adapters/dynamodb/users-repository';
import type { Principal } from '#domain/principal';
import { applyTechnicianPatch } from '#domain/technicians';
import { displayName, mayManageRole, newUser, type NewUser, type User } from '#domain/users';
import { Conflict, Forbidden, ValidationFailed } from '#platform/errors';
import { technicianProfileOf } from './technician-profile';
import { checkClientOfRole } from './user-client';

/**
 * Creates a user. Steps:
 * 1. the caller may give the role (an admin any, a manager technician or client);
 * 2. a client user names an existing client, nobody else names one;
 * 3. a technician profile to link is only for a technician, must exist and be free;
 * 4. the Cognito account (temporary password, group);
 * 5. the technician profile: the one named is linked, else a technician gets a new one;
 * 6. the Hydrant record.
 * Answers the user and, on the local stack only, the temporary password.
 */
export async function createUser(who: Principal, input: NewUser, now = new Date().toISOString()): Promise<{ user: User; temporaryPassword?: string }> {
  if (!mayManageRole(who, input.role)) throw new Forbidden(`A ${who.role ?? 'caller without a role'} may not create ${input.role} users`);
  await checkClientOfRole(who.tenantId, input.role, input.clientId);
  if (input.technicianId && input.role !== 'technician') {
    throw new ValidationFailed('technicianId is only for technicians', [{ path: 'body.technicianId', message: 'only for technicians' }]);
  }
  const linked = input.technicianId ? await getTechnician(who.tenantId, input.technicianId) : undefined;
  if (input.technicianId && !linked) throw new ValidationFailed('technicianId names no technician', [{ path: 'body.technicianId', message: 'no such technician' }]);
  if (linked?.userId) throw new Conflict('This technician profile is already linked to a user', 'TECHNICIAN_LINKED');

  const email = input.email.trim().toLowerCase();
  const { sub, temporaryPassword } = await createAccount({
    email,
    givenName: input.givenName,
    familyName: input.familyName,
    tenantId: who.tenantId,
    clientId: input.clientId ?? null,
    role: input.role,
  });
  let technicianId: string | null = null;
  if (linked) {
    await updateTechnician(who.tenantId, applyTechnicianPatch(linked, { userId: sub }, now), linked.version);
    technicianId = linked.id;
  } else if (input.role === 'technician') {
    technicianId = await technicianProfileOf(who.tenantId, { id: sub, name: displayName(input), email }, now);
  }
  const user = newUser(sub, { ...input, email }, technicianId, now);
  await createUserRecord(who.tenantId, user);
  return { user, ...(temporaryPassword ? { temporaryPassword } : {}) };
}
