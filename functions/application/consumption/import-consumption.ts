import { putConsumption } from '#adapters/dynamodb/consumption-repository';
import { getZone as loadZone } from '#adapters/dynamodb/zones-repository';
import { refuseConsumptionRows } from '#application/refusals';
import { consumptionFromCsv, repeatedRowIssues, rowIssues, type ConsumptionRow, type RowIssue } from '#domain/leaks/consumption';
import { canSeeZone } from '#domain/leaks/zones';
import type { Principal } from '#domain/principal';

/** The body as the route validated it: JSON rows, or the text of a CSV file. */
export type ConsumptionImport = { readonly rows: readonly ConsumptionRow[] } | { readonly csv: string };

export interface ImportedConsumption {
  readonly imported: number;
  readonly zones: readonly string[];
  /** The earliest start and latest end of the imported periods (YYYY-MM-DD). */
  readonly periodStart: string;
  readonly periodEnd: string;
}

/**
 * Imports billed (and unbilled) consumption per customer connection and period. Steps:
 *   1. read the rows: JSON rows as the route validated them, or the CSV parsed and converted
 *      (pure `consumptionFromCsv`: `;` or `,`, decimal comma, dd/mm/yyyy, French headers);
 *   2. check every row (period, volume: `rowIssues`) and that no (zone, connection, period)
 *      appears twice;
 *   3. check that every zone named exists and is visible to the caller (a zone of another
 *      client is refused as unknown, so its existence is not revealed);
 *   4. if any row has a problem, refuse the whole import, listing every row's problems
 *      (400 INVALID_CONSUMPTION_ROWS): nothing is stored, so a corrected file can simply be sent again;
 *   5. store the rows, each replacing the row of the same identity (idempotent).
 */
export async function importConsumption(who: Principal, body: ConsumptionImport, now: Date): Promise<ImportedConsumption> {
  const source = 'csv' in body ? 'csv' : 'rows';
  let rows: readonly ConsumptionRow[];
  // JSON rows are numbered by their index (as the route's own validation paths), CSV rows from 1 under the header.
  let numbered: readonly number[];
  const issues: RowIssue[] = [];
  if ('csv' in body) {
    const parsed = consumptionFromCsv(body.csv);
    rows = parsed.rows;
    numbered = parsed.rowNumbers;
    issues.push(...parsed.issues);
  } else {
    rows = body.rows;
    numbered = rows.map((_, i) => i);
    rows.forEach((r, i) => issues.push(...rowIssues(r, i)));
  }
  issues.push(...repeatedRowIssues(rows, (i) => numbered[i]!));

  const zoneIds = [...new Set(rows.map((r) => r.zoneId))];
  const zones = await Promise.all(zoneIds.map(async (id) => [id, await loadZone(who.tenantId, id)] as const));
  const unknown = new Set(zones.filter(([, zone]) => !zone || !canSeeZone(who, zone)).map(([id]) => id));
  rows.forEach((r, i) => {
    if (unknown.has(r.zoneId)) issues.push({ row: numbered[i]!, field: 'zoneId', message: `no zone ${r.zoneId}` });
  });
  if (issues.length > 0) return refuseConsumptionRows(source, issues);

  const importedAt = now.toISOString();
  await putConsumption(
    who.tenantId,
    rows.map((r) => ({ ...r, importedAt })),
  );
  return {
    imported: rows.length,
    zones: zoneIds,
    periodStart: rows.reduce((min, r) => (r.periodStart < min ? r.periodStart : min), rows[0]!.periodStart),
    periodEnd: rows.reduce((max, r) => (r.periodEnd > max ? r.periodEnd : max), rows[0]!.periodEnd),
  };
}
