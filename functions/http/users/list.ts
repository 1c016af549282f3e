import type * as z from 'zod';
import { listUsers as listUsersCase } from '#application/users/list-users';
import { findRoute } from '#lib/model/find-route';
import { usersRoutes } from '#lib/model/routes/users';
import type { ListUsersQuery } from '#lib/model/schemas/users';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

/** GET /v1/users: a page of the users the caller may see. */
export async function listUsers({ query, principal }: HttpRequest<unknown, z.infer<typeof ListUsersQuery>>) {
  return pageResult(await listUsersCase(caller(principal), query));
}

export const handler = httpRoute(findRoute(usersRoutes, 'listUsers'), listUsers);
