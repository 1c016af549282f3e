import type * as z from 'zod';
import { listAuditLogs as listAuditLogsCase } from '#application/audit-logs/list-audit-logs';
import { findRoute } from '#lib/model/find-route';
import { platformRoutes } from '#lib/model/routes/platform';
import type { AuditLogQuery } from '#lib/model/schemas/platform';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

/** An admin reads its own tenant's trail only: the tenant comes from the token, never the query. */
export async function listAuditLogs({ query, principal }: HttpRequest<unknown, z.infer<typeof AuditLogQuery>>) {
  return pageResult(await listAuditLogsCase(caller(principal).tenantId, query));
}

export const handler = httpRoute(findRoute(platformRoutes, 'listAuditLogs'), listAuditLogs);
