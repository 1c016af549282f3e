import { exportUser as exportUserCase } from '#application/users/export-user';
import { findRoute } from '#lib/model/find-route';
import { usersRoutes } from '#lib/model/routes/users';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** GET /v1/users/{id}/export: an admin's export of a user of their tenant. */
export async function exportUser({ params, principal }: HttpRequest<{ id: string }>) {
  return { status: 200, body: await exportUserCase(caller(principal), params.id) };
}

export const handler = httpRoute(findRoute(usersRoutes, 'exportUser'), exportUser);
