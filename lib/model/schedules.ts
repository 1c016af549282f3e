import type { ScheduleDecl } from './types';

/** Schedules of the platform itself (audit trail upkeep, API usage anomalies). */
export const platformSchedules: readonly ScheduleDecl[] = [
  {
    name: 'audit-address-redaction',
    expression: 'cron(15 3 * * ? *)',
    handler: 'workers/audit-address-redaction',
    fn: { timeoutSeconds: 300, access: { auditLog: 'redact' } },
  },
  {
    name: 'api-anomalies',
    expression: 'cron(5 * * * ? *)',
    handler: 'workers/api-anomalies',
    // Admins are found in the users table and notified in-app (both in the application table).
    fn: { timeoutSeconds: 300, access: { controlTable: 'readWrite', table: 'readWrite' } },
    alarm: { metricName: 'ApiAnomalies', description: 'API keys whose last hour looked wrong (GET /v1/admin/anomalies)' },
  },
];

/** Alerts: every minute, raise no-data alerts of sensors that went silent. */
export const alertSchedules: readonly ScheduleDecl[] = [
  {
    name: 'alert-no-data',
    expression: 'rate(1 minute)',
    handler: 'workers/alert-no-data',
    fn: { timeoutSeconds: 50, access: { table: 'readWrite' } },
  },
];

/** Scheduling: every 5 minutes, escalate critical work orders left unassigned 30 minutes after creation. */
export const schedulingSchedules: readonly ScheduleDecl[] = [
  {
    name: 'work-order-escalation',
    expression: 'rate(5 minutes)',
    handler: 'workers/escalation',
    // Managers are found in the users table, as the notifications worker finds them.
    fn: { timeoutSeconds: 120, access: { table: 'readWrite' } },
  },
];
