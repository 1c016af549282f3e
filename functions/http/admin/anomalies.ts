import type * as z from 'zod';
import { listApiAnomalies as listApiAnomaliesCase } from '#application/admin/list-api-anomalies';
import { findRoute } from '#lib/model/find-route';
import { adminRoutes } from '#lib/model/routes/admin';
import type { PageQuery } from '#lib/model/schemas/common';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

/** GET /v1/admin/anomalies: a page of the tenant's API anomalies. */
export async function listApiAnomalies({ query, principal }: HttpRequest<unknown, z.infer<typeof PageQuery>>) {
  return pageResult(await listApiAnomaliesCase(caller(principal).tenantId, query));
}

export const handler = httpRoute(findRoute(adminRoutes, 'listApiAnomalies'), listApiAnomalies);
