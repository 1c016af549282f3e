import { getUser as getUserCase } from '#application/users/get-user';
import { findRoute } from '#lib/model/find-route';
import { usersRoutes } from '#lib/model/routes/users';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

/** GET /v1/users/{id}: the user with its ETag. */
export async function getUser({ params, principal }: HttpRequest<{ id: string }>) {
  return resourceResult(await getUserCase(caller(principal), params.id));
}

export const handler = httpRoute(findRoute(usersRoutes, 'getUser'), getUser);
