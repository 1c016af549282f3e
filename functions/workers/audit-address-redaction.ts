/** Daily: truncates the client address of audit records older than 30 days (`redactDueAddresses`). */
import { redactDueAddresses } from '#application/audit-logs/redact-due-addresses';
import { scheduledWorker } from '#platform/scheduled-worker';

export const handler = scheduledWorker('AuditAddressRedaction', async (_event, now) => redactDueAddresses(now));
