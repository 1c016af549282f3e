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
    fn: { timeoutSeconds: 300, access: { controlTable: 'readWrite' } },
  },
];
