/**
 * Daily: truncates the client address of audit records older than 30 days (IPv4 to
 * /24, IPv6 to /48). Catches up on the last week in case a run was missed;
 * re-running is harmless (done records leave the to-do index).
 */
import { truncateDueAddresses } from '#adapters/dynamodb/audit-log';
import { scheduledWorker } from '#platform/scheduled-worker';

const CATCH_UP_DAYS = 7;
const DAY_MS = 86_400_000;

export async function redactDueAddresses(now: Date): Promise<{ processed: number }> {
  let processed = 0;
  for (let back = CATCH_UP_DAYS; back >= 0; back--) {
    processed += await truncateDueAddresses(new Date(now.getTime() - back * DAY_MS).toISOString().slice(0, 10));
  }
  return { processed };
}

export const handler = scheduledWorker('AuditAddressRedaction', async (_event, now) => redactDueAddresses(now));
