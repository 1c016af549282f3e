import { timeEntriesStartingIn } from '#adapters/dynamodb/time-entries-repository';
import type { Principal } from '#domain/principal';
import { CSV_HEADER, csvRecord, timeEntryCsvRecord } from '#domain/time-entries';
import { Unprocessable } from '#platform/errors';

/** Below API Gateway's and Lambda's 6 MB answer limit. */
const MAX_BYTES = 5_000_000;

/**
 * The tenant's time entries starting in `[from, to)` as CSV for payroll. Steps: read
 * page by page per month partition, each page turned into records at once, so memory
 * holds the document and one page; a range whose document would exceed 5 MB is refused
 * with 422 EXPORT_TOO_LARGE (ask for a shorter range).
 */
export async function exportTimeEntries(who: Principal, range: { from: string; to: string }): Promise<string> {
  const chunks = [csvRecord(CSV_HEADER)];
  let bytes = chunks[0]!.length;
  for await (const page of timeEntriesStartingIn(who.tenantId, range.from, range.to)) {
    const text = page.map(timeEntryCsvRecord).join('');
    bytes += Buffer.byteLength(text);
    if (bytes > MAX_BYTES) throw new Unprocessable('The export is larger than 5 MB; ask for a shorter range', 'EXPORT_TOO_LARGE');
    chunks.push(text);
  }
  return chunks.join('');
}
