/**
 * Billed (and unbilled) consumption per customer connection and period, imported from the
 * billing system (`POST /v1/consumption`), and what the water balance reads of it.
 *
 * - A row is one connection's volume over one period of whole days, `periodStart` to
 *   `periodEnd` inclusive (billing periods are written so: 01/01/2026 to 31/03/2026), read
 *   as UTC days. Its identity is (zone, connection, period): importing it again replaces it.
 * - CSV as billing systems export it, English or French: `,` or `;` separated (a `;` file
 *   writes decimals with a comma, `1 234,5`), dates `yyyy-mm-dd` or `dd/mm/yyyy`, booleans
 *   `true/false`, `yes/no`, `oui/non`, `1/0` or the words (`billed`/`unbilled`,
 *   `facturé`/`non facturé`, `metered`/`unmetered`, `compteur`/`forfait`), headers in
 *   either language (see {@link COLUMN_ALIASES}), accents and case ignored.
 * - The balance prorates each row to the requested range by the share of its days that
 *   fall in it (consumption is assumed even over a billing period, the usual convention
 *   when billing and audit periods differ: AWWA M36, 4th ed., "Billed authorized
 *   consumption", the lag adjustment).
 */

const DAY = 86_400_000;

/** The longest period one row may cover (a yearly bill, a leap year). */
export const MAX_CONSUMPTION_PERIOD_DAYS = 366;
/** Rows one import may carry. */
export const MAX_CONSUMPTION_ROWS = 5000;

export interface ConsumptionRow {
  readonly connectionId: string;
  readonly zoneId: string;
  /** YYYY-MM-DD, inclusive. */
  readonly periodStart: string;
  /** YYYY-MM-DD, inclusive. */
  readonly periodEnd: string;
  readonly volumeM3: number;
  /** Billed authorised (true) or unbilled authorised (false, e.g. fire fighting, mains flushing). */
  readonly billed: boolean;
  /** Measured by a customer meter (true) or estimated, e.g. a flat rate (false). */
  readonly metered: boolean;
}

/** A stored row: the import's row with when it was imported. */
export interface Consumption extends ConsumptionRow {
  readonly importedAt: string;
}

/** One problem of one row, numbered from 1 (CSV: the data row under the header, with its line). */
export interface RowIssue {
  readonly row: number;
  readonly field: string;
  readonly message: string;
}

// ── CSV ─────────────────────────────────────────────────────────────────────

type Column = keyof ConsumptionRow;

/** Header names of each column, normalised (lower case, no accents, letters and digits only). */
export const COLUMN_ALIASES: Readonly<Record<Column, readonly string[]>> = {
  connectionId: ['connectionid', 'connection', 'connexion', 'branchement', 'abonnement', 'pointdelivraison', 'pdl', 'compteur', 'meterid'],
  zoneId: ['zoneid', 'zone', 'secteur', 'dma'],
  periodStart: ['periodstart', 'start', 'from', 'debut', 'datedebut', 'du', 'debutperiode'],
  periodEnd: ['periodend', 'end', 'to', 'fin', 'datefin', 'au', 'finperiode'],
  volumeM3: ['volumem3', 'volume', 'm3', 'consumption', 'consommation', 'consommationm3', 'volumefacture', 'volumefacturem3'],
  billed: ['billed', 'facture', 'facturation', 'billing'],
  metered: ['metered', 'mesure', 'comptage', 'relevecompteur', 'typereleve', 'metering'],
};

const normalise = (header: string) =>
  header
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

const TRUE_WORDS = new Set(['true', 'yes', 'oui', '1', 'y', 'o', 'billed', 'facture', 'metered', 'compteur', 'mesure', 'reel']);
const FALSE_WORDS = new Set(['false', 'no', 'non', '0', 'n', 'unbilled', 'nonfacture', 'unmetered', 'forfait', 'estime', 'nonmesure']);

/** Splits one CSV line on `separator`, honouring double quotes (`""` inside quotes is a quote). */
function splitLine(line: string, separator: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out.map((f) => f.trim());
}

/** `2026-01-31` or `31/01/2026` (also `31-01-2026`, `31.01.2026`) as YYYY-MM-DD; undefined when not a real date. */
export function parseDay(text: string): string | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const french = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : french ? [french[3], french[2], french[1]] : [];
  if (!y || !m || !d) return undefined;
  const day = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const parsed = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day ? undefined : day;
}

/** A volume as written: `1234.5`, or with a decimal comma `1 234,5` (when the separator is not a comma). */
export function parseVolume(text: string, decimalComma: boolean): number | undefined {
  let t = text.replace(/[\s\u00a0\u202f]/g, '');
  if (decimalComma) t = t.replace(/\./g, '').replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(t)) return undefined;
  return Number(t);
}

function parseFlag(text: string): boolean | undefined {
  const t = normalise(text);
  if (TRUE_WORDS.has(t)) return true;
  if (FALSE_WORDS.has(t)) return false;
  return undefined;
}

/**
 * The rows of a CSV export, each converted and checked ({@link rowIssues}); rows are
 * numbered from 1 under the header (`rowNumbers`: the number of each good row). A missing `billed` or `metered` column means `true`
 * for every row. Problems are listed per row and field, all of them, never the first only.
 */
export function consumptionFromCsv(text: string): { readonly rows: ConsumptionRow[]; readonly rowNumbers: number[]; readonly issues: RowIssue[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const headerAt = lines.findIndex((l) => l.trim() !== '');
  if (headerAt < 0) return { rows: [], rowNumbers: [], issues: [{ row: 0, field: 'header', message: 'the file is empty' }] };
  const headerLine = lines[headerAt]!;
  const separator = (headerLine.match(/;/g)?.length ?? 0) > (headerLine.match(/,/g)?.length ?? 0) ? ';' : headerLine.includes('\t') && !headerLine.includes(',') ? '\t' : ',';
  const decimalComma = separator !== ',';
  const headers = splitLine(headerLine, separator).map(normalise);
  const position = new Map<Column, number>();
  for (const [column, aliases] of Object.entries(COLUMN_ALIASES) as Array<[Column, readonly string[]]>) {
    const at = headers.findIndex((h) => aliases.includes(h));
    if (at >= 0) position.set(column, at);
  }
  const missing = (['connectionId', 'zoneId', 'periodStart', 'periodEnd', 'volumeM3'] as const).filter((c) => !position.has(c));
  if (missing.length > 0) {
    return { rows: [], rowNumbers: [], issues: missing.map((c) => ({ row: 0, field: c, message: `no column for ${c} in the header (accepted names: ${COLUMN_ALIASES[c].join(', ')})` })) };
  }

  const rows: ConsumptionRow[] = [];
  const rowNumbers: number[] = [];
  const issues: RowIssue[] = [];
  let row = 0;
  for (const line of lines.slice(headerAt + 1)) {
    if (line.trim() === '') continue;
    row++;
    if (row > MAX_CONSUMPTION_ROWS) {
      issues.push({ row, field: 'row', message: `an import carries at most ${MAX_CONSUMPTION_ROWS} rows` });
      break;
    }
    const cells = splitLine(line, separator);
    const cell = (c: Column) => (position.has(c) ? (cells[position.get(c)!] ?? '') : undefined);
    const own: RowIssue[] = [];
    const text = (c: Column) => {
      const v = cell(c) ?? '';
      if (v === '') own.push({ row, field: c, message: 'is empty' });
      return v;
    };
    const day = (c: Column) => {
      const v = text(c);
      const parsed = v === '' ? undefined : parseDay(v);
      if (v !== '' && !parsed) own.push({ row, field: c, message: `"${v.slice(0, 40)}" is not a date (yyyy-mm-dd or dd/mm/yyyy)` });
      return parsed ?? '';
    };
    const flag = (c: Column) => {
      const v = cell(c);
      if (v === undefined || v === '') return true;
      const parsed = parseFlag(v);
      if (parsed === undefined) own.push({ row, field: c, message: `"${v.slice(0, 40)}" is not a yes/no value` });
      return parsed ?? true;
    };
    const volumeText = text('volumeM3');
    const volume = volumeText === '' ? undefined : parseVolume(volumeText, decimalComma);
    if (volumeText !== '' && volume === undefined) own.push({ row, field: 'volumeM3', message: `"${volumeText.slice(0, 40)}" is not a number${decimalComma ? ' (decimal comma)' : ''}` });
    const candidate: ConsumptionRow = {
      connectionId: text('connectionId'),
      zoneId: text('zoneId'),
      periodStart: day('periodStart'),
      periodEnd: day('periodEnd'),
      volumeM3: volume ?? 0,
      billed: flag('billed'),
      metered: flag('metered'),
    };
    // The row rules, on the cells that could be read (an unreadable cell is already reported).
    const read = (i: RowIssue) => !own.some((o) => o.field === i.field) && (i.field !== 'volumeM3' || volume !== undefined) && (i.field !== 'periodEnd' || (candidate.periodStart !== '' && candidate.periodEnd !== ''));
    own.push(...rowIssues(candidate, row).filter(read));
    issues.push(...own);
    if (own.length === 0) {
      rows.push(candidate);
      rowNumbers.push(row);
    }
  }
  if (row === 0) issues.push({ row: 0, field: 'row', message: 'the file has a header and no row' });
  return { rows, rowNumbers, issues };
}

// ── Rules of a row ──────────────────────────────────────────────────────────

/** The identity of a row: importing the same (zone, connection, period) again replaces it. */
export const consumptionKey = (r: Pick<ConsumptionRow, 'zoneId' | 'connectionId' | 'periodStart' | 'periodEnd'>): string => `${r.zoneId}|${r.connectionId}|${r.periodStart}|${r.periodEnd}`;

const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** Days a row covers (its dates inclusive). */
export const periodDays = (r: Pick<ConsumptionRow, 'periodStart' | 'periodEnd'>): number => Math.round((dayMs(r.periodEnd) - dayMs(r.periodStart)) / DAY) + 1;

/** The rules every row follows, whatever its source: a period of 1 to 366 days, a finite volume >= 0. */
export function rowIssues(r: ConsumptionRow, row: number): RowIssue[] {
  const issues: RowIssue[] = [];
  if (!(Number.isFinite(r.volumeM3) && r.volumeM3 >= 0)) issues.push({ row, field: 'volumeM3', message: 'must be a number >= 0' });
  if (r.periodEnd < r.periodStart) issues.push({ row, field: 'periodEnd', message: 'is before periodStart' });
  else if (periodDays(r) > MAX_CONSUMPTION_PERIOD_DAYS) issues.push({ row, field: 'periodEnd', message: `a period covers at most ${MAX_CONSUMPTION_PERIOD_DAYS} days` });
  return issues;
}

/** The same (zone, connection, period) twice in one import: the later rows are refused, as their volume would be ambiguous. */
export function repeatedRowIssues(rows: readonly ConsumptionRow[], rowNumber: (index: number) => number): RowIssue[] {
  const first = new Map<string, number>();
  const issues: RowIssue[] = [];
  rows.forEach((r, i) => {
    const key = consumptionKey(r);
    const seen = first.get(key);
    if (seen === undefined) first.set(key, rowNumber(i));
    else issues.push({ row: rowNumber(i), field: 'connectionId', message: `same zone, connection and period as row ${seen}` });
  });
  return issues;
}

// ── What the balance reads ──────────────────────────────────────────────────

export interface ConsumptionInRange {
  readonly billedMeteredM3: number;
  readonly billedUnmeteredM3: number;
  readonly unbilledMeteredM3: number;
  readonly unbilledUnmeteredM3: number;
  /** Rows that overlap the range, and their distinct connections. */
  readonly rows: number;
  readonly connections: number;
  /** Whether some row reaches beyond the range (its volume was prorated). */
  readonly prorated: boolean;
}

/** The imported volumes in `[from, to)`, each row prorated by the share of its days in the range. */
export function consumptionInRange(rows: readonly ConsumptionRow[], from: number, to: number): ConsumptionInRange {
  const sums = { billedMeteredM3: 0, billedUnmeteredM3: 0, unbilledMeteredM3: 0, unbilledUnmeteredM3: 0 };
  const connections = new Set<string>();
  let overlapping = 0;
  let prorated = false;
  for (const r of rows) {
    const start = dayMs(r.periodStart);
    const end = dayMs(r.periodEnd) + DAY;
    const overlap = Math.min(end, to) - Math.max(start, from);
    if (overlap <= 0) continue;
    overlapping++;
    connections.add(r.connectionId);
    if (overlap < end - start) prorated = true;
    const share = (r.volumeM3 * overlap) / (end - start);
    const key = r.billed ? (r.metered ? 'billedMeteredM3' : 'billedUnmeteredM3') : r.metered ? 'unbilledMeteredM3' : 'unbilledUnmeteredM3';
    sums[key] += share;
  }
  return { ...sums, rows: overlapping, connections: connections.size, prorated };
}

/** The first day (YYYY-MM-DD) whose period could still reach `from`: rows starting earlier end before it. */
export const earliestOverlappingStart = (from: number): string => new Date(from - MAX_CONSUMPTION_PERIOD_DAYS * DAY).toISOString().slice(0, 10);

// ── System input volume ─────────────────────────────────────────────────────

/** A meter's series of hourly mean flows (m³/h), as the night flow reads them. */
export interface MeterHours {
  readonly sensorId: string;
  readonly direction: 'in' | 'out';
  /** Start of each hour with readings, and its mean flow in m³/h. */
  readonly samples: ReadonlyArray<{ readonly ts: number; readonly value: number }>;
}

export interface SystemInput {
  /** Net inflow over the hours every meter covered: Σ in − Σ out, m³. */
  readonly m3: number;
  /** Share of the range's hours that every meter covered, 0..1. */
  readonly completeness: number;
  readonly hours: number;
  readonly meters: ReadonlyArray<{ readonly sensorId: string; readonly direction: 'in' | 'out'; readonly m3: number; readonly hoursCovered: number }>;
}

/**
 * The zone's system input volume in `[from, to)` from its meters' hourly means: each hour
 * where every meter has a mean counts `Σ in − Σ out` (m³/h × 1 h); hours where one lacks
 * data are left out and counted against `completeness` (the balance extrapolates and marks
 * the volume estimated). Each meter's own volume (its covered hours) is given as the source.
 */
export function systemInput(meters: readonly MeterHours[], from: number, to: number): SystemInput {
  const HOUR = 3_600_000;
  const hours = Math.max(0, Math.round((to - from) / HOUR));
  const inRange = meters.map((m) => new Map(m.samples.filter((s) => s.ts >= from && s.ts < to).map((s) => [s.ts, s.value])));
  let net = 0;
  let complete = 0;
  if (meters.length > 0) {
    for (const ts of inRange[0]!.keys()) {
      if (!inRange.every((m) => m.has(ts))) continue;
      complete++;
      meters.forEach((m, i) => (net += (m.direction === 'in' ? 1 : -1) * inRange[i]!.get(ts)!));
    }
  }
  return {
    m3: net,
    completeness: hours > 0 ? Math.min(1, complete / hours) : 0,
    hours,
    meters: meters.map((m, i) => ({ sensorId: m.sensorId, direction: m.direction, m3: [...inRange[i]!.values()].reduce((s, v) => s + v, 0), hoursCovered: inRange[i]!.size })),
  };
}
