/** The audit log as the HTTP stack and the GraphQL resolvers record calls in it: the audit table. */
import { appendAuditRecord } from '#adapters/dynamodb/audit-log';
import type { AuditStore } from '#http-stack/ports';

export const auditStore: AuditStore = { append: appendAuditRecord };
