/**
 * Truncate the client address of audit records older than 30 days (IPv4 to /24, IPv6 to
 * /48): the daily schedule's use case.
 *
 * Steps: for each of the last {@link CATCH_UP_DAYS} days and today (oldest first), truncate
 * the addresses due that day. Catching up on a week covers a missed run; re-running is
 * harmless (done records leave the to-do index).
 */
import { truncateDueAddresses } from '#adapters/dynamodb/audit-log';

const CATCH_UP_DAYS = 7;
const DAY_MS = 86_400_000;

/** `processed` is how many records were truncated. */
export async function redactDueAddresses(now: Date): Promise<{ processed: number }> {
  let processed = 0;
  for (let back = CATCH_UP_DAYS; back >= 0; back--) {
    processed += await truncateDueAddresses(new Date(now.getTime() - back * DAY_MS).toISOString().slice(0, 10));
  }
  return { processed };
}
