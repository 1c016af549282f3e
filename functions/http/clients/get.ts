import { getClient as loadClient } from '#adapters/dynamodb/clients-repository';
import { canSeeClient } from '#domain/clients';
import { findRoute } from '#lib/model/find-route';
import { clientsRoutes } from '#lib/model/routes/clients';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult, visibleOr404 } from '#http-stack/resources';

export async function getClient({ params, principal }: HttpRequest<{ id: string }>) {
  const who = caller(principal);
  return resourceResult(visibleOr404(await loadClient(who.tenantId, params.id), (c) => canSeeClient(who, c), 'Client', params.id));
}

export const handler = httpRoute(findRoute(clientsRoutes, 'getClient'), getClient);
