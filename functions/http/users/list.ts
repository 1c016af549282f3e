import { listUserRecords } from '#adapters/dynamodb/users-repository';
import type { Role } from '#domain/principal';
import { manageableRoles } from '#domain/users';
import { findRoute } from '#lib/model/find-route';
import { usersRoutes } from '#lib/model/routes/users';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

type Query = { limit: number; cursor?: string; role?: Role; active?: 'true' | 'false'; search?: string };

/** The tenant's users the caller may see, sorted by e-mail. */
export async function listUsers({ query, principal }: HttpRequest<unknown, Query>) {
  const who = caller(principal);
  const roles = manageableRoles(who).filter((r) => !query.role || r === query.role);
  if (roles.length === 0) return pageResult({ items: [], nextCursor: null });
  return pageResult(
    await listUserRecords(who.tenantId, {
      limit: query.limit,
      roles,
      ...(query.cursor ? { cursor: query.cursor } : {}),
      ...(query.active ? { active: query.active === 'true' } : {}),
      ...(query.search ? { search: query.search } : {}),
    }),
  );
}

export const handler = httpRoute(findRoute(usersRoutes, 'listUsers'), listUsers);
