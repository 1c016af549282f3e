import type * as z from 'zod';
import { updateConnector as updateConnectorUseCase } from '#application/connectors/update-connector';
import { findRoute } from '#lib/model/find-route';
import { connectorsRoutes } from '#lib/model/routes/connectors';
import type { UpdateConnectorBody } from '#lib/model/schemas/connectors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch, resourceResult } from '#http-stack/resources';

export async function updateConnector({ params, body, headers, principal }: HttpRequest<{ id: string }, unknown, z.infer<typeof UpdateConnectorBody>>) {
  const { before, after } = await updateConnectorUseCase(caller(principal), params.id, body, (current) => checkIfMatch(headers['if-match'], current));
  return { ...resourceResult(after), audit: { before, after } };
}

export const handler = httpRoute(findRoute(connectorsRoutes, 'updateConnector'), updateConnector);
