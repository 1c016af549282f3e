import type * as z from 'zod';
import { completeConnectorOAuth } from '#application/connectors/authorize-connector';
import { findRoute } from '#lib/model/find-route';
import { connectorsRoutes } from '#lib/model/routes/connectors';
import type { OAuthCallbackQuery } from '#lib/model/schemas/connectors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** Public: the sealed state names the tenant and the connector; the code is exchanged once. */
export async function completeOAuth({ query }: HttpRequest<unknown, z.infer<typeof OAuthCallbackQuery>>) {
  return { status: 200, body: await completeConnectorOAuth(query) };
}

export const handler = httpRoute(findRoute(connectorsRoutes, 'completeConnectorOAuth'), completeOAuth);
