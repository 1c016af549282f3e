/**
 * What the `/v1/me` use cases share: the caller's Hydrant record, made on first use for
 * accounts created outside Hydrant (the first admin, the local demo users).
 */
import { ownAttributes } from '#adapters/cognito/user-auth';
import { findTechnicianByUser } from '#adapters/dynamodb/technicians-repository';
import { createUserRecord, getUserRecord } from '#adapters/dynamodb/users-repository';
import type { Principal } from '#domain/principal';
import type { User } from '#domain/users';
import { Conflict, Forbidden } from '#platform/errors';

/**
 * The caller's record. Steps: read it; none yet: only a user with a role has one (403);
 * their Cognito profile (with their access token) and, for a technician, the profile
 * linked to them give the record, written once (of two first calls at once, the other
 * one's record is read back).
 */
export async function ownRecord(principal: Principal, accessToken: string): Promise<User> {
  const found = await getUserRecord(principal.tenantId, principal.subject);
  if (found) return found;
  if (principal.kind !== 'user' || !principal.role) throw new Forbidden('Only users have an account');
  const attributes = await ownAttributes(accessToken);
  const technician = principal.role === 'technician' ? await findTechnicianByUser(principal.tenantId, [principal.username, principal.subject]) : undefined;
  const now = new Date().toISOString();
  const user: User = {
    id: principal.subject,
    version: 1,
    createdAt: now,
    updatedAt: now,
    email: (attributes.email ?? '').toLowerCase(),
    givenName: attributes.given_name ?? '',
    familyName: attributes.family_name ?? '',
    role: principal.role,
    clientId: principal.clientId ?? null,
    active: true,
    technicianId: technician?.id ?? null,
    consent: null,
  };
  try {
    await createUserRecord(principal.tenantId, user);
    return user;
  } catch (error) {
    // Two first calls at once: the other one made it.
    if (error instanceof Conflict) return (await getUserRecord(principal.tenantId, principal.subject)) ?? user;
    throw error;
  }
}
