import type * as z from 'zod';
import { listAuditLogs as listAuditLogsCase } from '#application/audit-logs/list-audit-logs';
import { findRoute } from '#lib/model/find-route';
import { auditLogsRoutes } from '#lib/model/routes/audit-logs';
import type { AuditLogQuery } from '#lib/model/schemas/audit-logs';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

/** An admin reads its own tenant's trail only: the tenant comes from the token, never the query. */
export async function listAuditLogs({ query, principal }: HttpRequest<unknown, z.infer<typeof AuditLogQuery>>) {
  return pageResult(await listAuditLogsCase(caller(principal).tenantId, query));
}

export const handler = httpRoute(findRoute(auditLogsRoutes, 'listAuditLogs'), listAuditLogs);
