import { getClient as getClientCase } from '#application/clients/get-client';
import { findRoute } from '#lib/model/find-route';
import { clientsRoutes } from '#lib/model/routes/clients';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

/** GET /v1/clients/{id}: the client with its ETag. */
export async function getClient({ params, principal }: HttpRequest<{ id: string }>) {
  return resourceResult(await getClientCase(caller(principal), params.id));
}

export const handler = httpRoute(findRoute(clientsRoutes, 'getClient'), getClient);
