import { listAnomalies } from '#adapters/dynamodb/control/anomalies';
import { findRoute } from '#lib/model/find-route';
import { adminRoutes } from '#lib/model/routes/admin';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

export async function listApiAnomalies({ query, principal }: HttpRequest<unknown, { limit: number; cursor?: string }>) {
  return pageResult(await listAnomalies(caller(principal).tenantId, query));
}

export const handler = httpRoute(findRoute(adminRoutes, 'listApiAnomalies'), listApiAnomalies);
