import type * as z from 'zod';
import { listConnectorRuns as listRunsUseCase } from '#application/connectors/list-connectors';
import { findRoute } from '#lib/model/find-route';
import { connectorsRoutes } from '#lib/model/routes/connectors';
import type { ListRunsQuery } from '#lib/model/schemas/connectors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

export async function listConnectorRuns({ params, query, principal }: HttpRequest<{ id: string }, z.infer<typeof ListRunsQuery>>) {
  return pageResult(await listRunsUseCase(caller(principal), params.id, query));
}

export const handler = httpRoute(findRoute(connectorsRoutes, 'listConnectorRuns'), listConnectorRuns);
