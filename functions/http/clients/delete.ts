import { deleteClient as removeClient, getClient } from '#adapters/dynamodb/clients-repository';
import { findRoute } from '#lib/model/find-route';
import { clientsRoutes } from '#lib/model/routes/clients';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch, visibleOr404 } from '#http-stack/resources';

export async function deleteClient({ params, headers, principal }: HttpRequest<{ id: string }>) {
  const { tenantId } = caller(principal);
  const client = visibleOr404(await getClient(tenantId, params.id), () => true, 'Client', params.id);
  checkIfMatch(headers['if-match'], client);
  await removeClient(tenantId, client.id, client.version);
  return { status: 204, audit: { resourceId: client.id, before: client } };
}

export const handler = httpRoute(findRoute(clientsRoutes, 'deleteClient'), deleteClient);
