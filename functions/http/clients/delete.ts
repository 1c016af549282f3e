import { deleteClient as deleteClientCase } from '#application/clients/delete-client';
import { findRoute } from '#lib/model/find-route';
import { clientsRoutes } from '#lib/model/routes/clients';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch } from '#http-stack/resources';

/** DELETE /v1/clients/{id} (If-Match): 204. */
export async function deleteClient({ params, headers, principal }: HttpRequest<{ id: string }>) {
  const client = await deleteClientCase(caller(principal).tenantId, params.id, (current) => checkIfMatch(headers['if-match'], current));
  return { status: 204, audit: { resourceId: client.id, before: client } };
}

export const handler = httpRoute(findRoute(clientsRoutes, 'deleteClient'), deleteClient);
