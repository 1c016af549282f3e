import { getConnector as getConnectorUseCase } from '#application/connectors/get-connector';
import { findRoute } from '#lib/model/find-route';
import { connectorsRoutes } from '#lib/model/routes/connectors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

export async function getConnector({ params, principal }: HttpRequest<{ id: string }>) {
  return resourceResult(await getConnectorUseCase(caller(principal), params.id));
}

export const handler = httpRoute(findRoute(connectorsRoutes, 'getConnector'), getConnector);
