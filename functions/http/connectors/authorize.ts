import { authorizeConnector as authorizeConnectorUseCase } from '#application/connectors/authorize-connector';
import { findRoute } from '#lib/model/find-route';
import { connectorsRoutes } from '#lib/model/routes/connectors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

export async function authorizeConnector({ params, principal }: HttpRequest<{ id: string }>) {
  return { status: 200, body: await authorizeConnectorUseCase(caller(principal), params.id), audit: { resourceId: params.id } };
}

export const handler = httpRoute(findRoute(connectorsRoutes, 'authorizeConnector'), authorizeConnector);
