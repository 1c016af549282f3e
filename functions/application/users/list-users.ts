import { listUserRecords } from '#adapters/dynamodb/users-repository';
import type { Principal, Role } from '#domain/principal';
import { manageableRoles } from '#domain/users';

export interface UserFilters {
  readonly limit: number;
  readonly cursor?: string | undefined;
  readonly role?: Role | undefined;
  readonly active?: 'true' | 'false' | undefined;
  readonly search?: string | undefined;
}

/**
 * The tenant's users the caller may see, sorted by e-mail. Steps: the roles the caller
 * manages, narrowed to the one asked for (none left: an empty page, no read); a page of
 * the users of those roles, filtered by activity and search text.
 */
export async function listUsers(who: Principal, filters: UserFilters) {
  const roles = manageableRoles(who).filter((r) => !filters.role || r === filters.role);
  if (roles.length === 0) return { items: [], nextCursor: null as string | null };
  return listUserRecords(who.tenantId, {
    limit: filters.limit,
    roles,
    ...(filters.cursor ? { cursor: filters.cursor } : {}),
    ...(filters.active ? { active: filters.active === 'true' } : {}),
    ...(filters.search ? { search: filters.search } : {}),
  });
}
