import type { RouteDecl } from '../types';
import { pageOf } from '../schemas/common';
import { PageQuery } from '../schemas/common';
import { AnomalyRecord, anomalyExample, AuditLogQuery, AuditRecord, auditRecordExample, Usage, usageExample } from '../schemas/platform';
import { ALL_ROLES, authenticated } from './access';

/** Every machine scope may ask for its own key's usage. */
const ANY_SCOPE = ['telemetry.write', 'telemetry.read', 'work-orders.read', 'work-orders.write', 'forecasts.write', 'webhooks.manage'];

export const platformRoutes: readonly RouteDecl[] = [
  {
    operationId: 'getUsage',
    method: 'GET',
    path: '/v1/usage',
    summary: "The calling API key's usage-plan quota in the current period",
    tag: 'Platform',
    handler: 'http/usage/get',
    auth: authenticated(ALL_ROLES, ANY_SCOPE),
    apiKey: true,
    responses: { 200: { description: 'Usage of the key', schema: Usage, example: usageExample } },
    fn: { access: {} },
    cacheControl: 'no-store',
  },
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
  {
    operationId: 'listApiAnomalies',
    method: 'GET',
    path: '/v1/admin/anomalies',
    summary: 'API keys flagged by the hourly anomaly check (failing calls, spikes, scanning, many user agents), newest first',
    tag: 'Platform',
    handler: 'http/admin/anomalies',
    auth: authenticated(['admin']),
    apiKey: true,
    request: { query: PageQuery },
    responses: { 200: { description: 'A page of flagged key-hours', schema: pageOf(AnomalyRecord), example: { data: [anomalyExample], nextCursor: null } } },
    fn: { access: {} },
  },
];
