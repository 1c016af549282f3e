import { deleteConnector as deleteConnectorUseCase } from '#application/connectors/update-connector';
import { findRoute } from '#lib/model/find-route';
import { connectorsRoutes } from '#lib/model/routes/connectors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch } from '#http-stack/resources';

export async function deleteConnector({ params, headers, principal }: HttpRequest<{ id: string }>) {
  const connector = await deleteConnectorUseCase(caller(principal), params.id, (current) => checkIfMatch(headers['if-match'], current));
  return { status: 204, audit: { resourceId: connector.id, before: connector } };
}

export const handler = httpRoute(findRoute(connectorsRoutes, 'deleteConnector'), deleteConnector);
