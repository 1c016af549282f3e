import type * as z from 'zod';
import { createConnector as createConnectorUseCase } from '#application/connectors/create-connector';
import { findRoute } from '#lib/model/find-route';
import { connectorsRoutes } from '#lib/model/routes/connectors';
import type { CreateConnectorBody } from '#lib/model/schemas/connectors';
import { etagOf } from '#http-stack/etag';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** The credentials are sealed and never answered; the audit keeps the view only. */
export async function createConnector({ body, principal }: HttpRequest<unknown, unknown, z.infer<typeof CreateConnectorBody>>) {
  const connector = await createConnectorUseCase(caller(principal), body);
  return {
    status: 201,
    body: connector,
    etag: etagOf(connector.version),
    headers: { Location: `/v1/connectors/${connector.id}` },
    audit: { resourceId: connector.id, after: connector },
  };
}

export const handler = httpRoute(findRoute(connectorsRoutes, 'createConnector'), createConnector);
