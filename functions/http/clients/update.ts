import { getClient, updateClient as saveClient } from '#adapters/dynamodb/clients-repository';
import { applyClientPatch, type ClientPatch } from '#domain/clients';
import { findRoute } from '#lib/model/find-route';
import { clientsRoutes } from '#lib/model/routes/clients';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch, resourceResult, visibleOr404 } from '#http-stack/resources';

export async function updateClient({ params, body, headers, principal }: HttpRequest<{ id: string }, unknown, ClientPatch>) {
  const { tenantId } = caller(principal);
  const client = visibleOr404(await getClient(tenantId, params.id), () => true, 'Client', params.id);
  checkIfMatch(headers['if-match'], client);
  const updated = applyClientPatch(client, body, new Date().toISOString());
  await saveClient(tenantId, updated, client.version);
  return { ...resourceResult(updated), audit: { before: client, after: updated } };
}

export const handler = httpRoute(findRoute(clientsRoutes, 'updateClient'), updateClient);
