/**
 * The directory port of notifications: which users of a tenant hold a role. Read from
 * the users table (`listUserRecords`: the tenant's USERS partition, filtered on role
 * and `active`), the record Hydrant keeps for every user it created or that signed in
 * (an account made outside Hydrant has one from its first `GET /v1/me`).
 */
import type { Role } from '#domain/principal';
import { listUserRecords } from './users-repository';

export interface Recipient {
  /** Cognito `sub`: the principal's `subject`, the key of the user's notifications. */
  readonly userId: string;
  readonly email: string;
}

/** The active users of `tenantId` with `role`. */
export async function recipientsFor(tenantId: string, role: Role): Promise<Recipient[]> {
  const found: Recipient[] = [];
  let cursor: string | undefined;
  do {
    const page = await listUserRecords(tenantId, { limit: 100, roles: [role], active: true, ...(cursor ? { cursor } : {}) });
    for (const user of page.items) found.push({ userId: user.id, email: user.email });
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return found;
}
