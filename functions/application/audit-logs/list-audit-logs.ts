import { queryAuditRecords, type AuditQuery } from '#adapters/dynamodb/audit-log';

/** A page of the tenant's audit trail: the tenant comes from the caller, never from the query. */
export async function listAuditLogs(tenantId: string, query: AuditQuery) {
  return queryAuditRecords(tenantId, query);
}
