import { timeEntriesStartingIn } from '#adapters/dynamodb/time-entries-repository';
import { CSV_HEADER, csvRecord, timeEntryCsvRecord } from '#domain/time-entries';
import { findRoute } from '#lib/model/find-route';
import { timeEntriesRoutes } from '#lib/model/routes/time-entries';
import { Unprocessable } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** Below API Gateway's and Lambda's 6 MB answer limit. */
const MAX_BYTES = 5_000_000;

/**
 * The tenant's time entries starting in `[from, to)` as CSV for payroll: read page by
 * page per month partition, each page turned into records at once, so memory holds
 * the document and one page. A range whose document would exceed 5 MB is refused
 * with 422 EXPORT_TOO_LARGE (ask for a shorter range).
 */
export async function exportTimeEntries({ query, principal }: HttpRequest<unknown, { from: string; to: string }>) {
  const who = caller(principal);
  const chunks = [csvRecord(CSV_HEADER)];
  let bytes = chunks[0]!.length;
  for await (const page of timeEntriesStartingIn(who.tenantId, query.from, query.to)) {
    const text = page.map(timeEntryCsvRecord).join('');
    bytes += Buffer.byteLength(text);
    if (bytes > MAX_BYTES) throw new Unprocessable('The export is larger than 5 MB; ask for a shorter range', 'EXPORT_TOO_LARGE');
    chunks.push(text);
  }
  const name = `time-entries_${query.from.slice(0, 10)}_${query.to.slice(0, 10)}.csv`;
  return {
    status: 200,
    rawBody: { contentType: 'text/csv; charset=utf-8; header=present', text: chunks.join('') },
    headers: { 'Content-Disposition': `attachment; filename="${name}"` },
  };
}

export const handler = httpRoute(findRoute(timeEntriesRoutes, 'exportTimeEntries'), exportTimeEntries);
