/** The audit trail, read by admins. */
import { pageOf } from '../schemas/common';
import { AuditLogQuery, AuditRecord, auditRecordExample } from '../schemas/audit-logs';
import { authenticated } from './access';
import type { RouteDecl } from '../types';

export const auditLogsRoutes: readonly RouteDecl[] = [
  {
    operationId: 'listAuditLogs',
    method: 'GET',
    path: '/v1/audit-logs',
    summary: 'The audit trail: every change and every refused call, newest first',
    tag: 'Platform',
    handler: 'http/audit-logs/list',
    auth: authenticated(['admin']),
    apiKey: true,
    request: { query: AuditLogQuery },
    responses: { 200: { description: 'A page of audit records', schema: pageOf(AuditRecord), example: { data: [auditRecordExample], nextCursor: null } } },
    fn: { access: { auditLog: 'read' } },
    // Reading the audit log is itself audited.
    audit: { resourceType: 'audit-log', reads: true },
  },
];
