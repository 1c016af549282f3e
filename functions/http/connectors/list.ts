import type * as z from 'zod';
import { listConnectors as listConnectorsUseCase } from '#application/connectors/list-connectors';
import { findRoute } from '#lib/model/find-route';
import { connectorsRoutes } from '#lib/model/routes/connectors';
import type { ListConnectorsQuery } from '#lib/model/schemas/connectors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

export async function listConnectors({ query, principal }: HttpRequest<unknown, z.infer<typeof ListConnectorsQuery>>) {
  return pageResult(await listConnectorsUseCase(caller(principal), query));
}

export const handler = httpRoute(findRoute(connectorsRoutes, 'listConnectors'), listConnectors);
