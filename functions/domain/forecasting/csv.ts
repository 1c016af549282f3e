/**
 * Reads a series from CSV text (seed 003's use case): detects the delimiter, the date and
 * value columns (English and French headers such as `date`, `montant`), French formats
 * (dd/mm/yyyy, decimal comma, spaces or no-break spaces as thousands separators),
 * optionally keeps the rows of one entity (a key column, seed 003's `by-code`), and
 * aggregates to a calendar period. Invalid rows are dropped and counted, never guessed.
 */
import { periodIndex, periodStart, type Frequency } from './calendar';
import { InvalidForecastInputError } from './errors';

/** Options of {@link parseCsvSeries}. */
export interface CsvOptions {
  /** Period to aggregate to. @default 'month' */
  frequency?: Frequency;
  /** How rows of one period combine: amounts add up, levels average. @default 'sum' */
  aggregate?: 'sum' | 'mean';
  /** Header (or 1-based index) of the date column; detected when absent. */
  dateColumn?: string;
  /** Header (or 1-based index) of the value column; detected when absent. */
  valueColumn?: string;
  /** What a period without any row is: missing (the models bridge it) or a zero amount. @default 'missing' */
  emptyPeriods?: 'missing' | 'zero';
  /** Keep only rows whose key column equals `value` (column detected from headers containing "code" when absent). */
  key?: { column?: string; value: string };
}

/** The series read from a CSV, ready for the engine, and what happened to the rows. */
export interface CsvSeries {
  frequency: Frequency;
  /** First day of the first period, or null when the file has no date column. */
  start: string | null;
  /** One value per period from first to last (null for periods without rows). */
  values: Array<number | null>;
  columns: { date: string | null; value: string; key: string | null };
  rows: { total: number; used: number; invalid: number; filtered: number };
}

const DATE_HEADER = /^(date|dates|jour|day|mois|month|p[ée]riode|period|time|timestamp|datetime|ts|date[ _-].*|.*[ _-]date)$/i;
const VALUE_HEADER = /(montant|amount|valeur|value|volume|consommation|conso|quantit|total|index|reading|m3|kwh|litres?)/i;
const KEY_HEADER = /code/i;

/** Splits one CSV line, honouring double quotes (RFC 4180 style). */
function splitLine(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

function detectDelimiter(line: string): string {
  const counts = [';', '\t', ',', '|'].map((d) => [d, splitLine(line, d).length - 1] as const);
  const best = counts.reduce((a, b) => (b[1] > a[1] ? b : a));
  return best[1] > 0 ? best[0] : ',';
}

/**
 * Parses a number written the French or the English way: `1 234,56`, `1.234,56`,
 * `1,234.56`, `1234.56`, `-12,5`, `(12,5)`, with currency signs ignored. Null when not a number.
 */
export function parseLocaleNumber(raw: string): number | null {
  // Fast path for the common cell (`1234`, `-12,5`, `1234.56`): one separator at most is a
  // decimal one, as below. Millions of rows of a large file go through here.
  if (SIMPLE_NUMBER.test(raw)) return Number(raw.replace(',', '.'));
  let s = raw.trim().replace(/[\s\u00a0\u202f']/g, '').replace(/(€|\$|£|eur|euros?)$/i, '').replace(/^(€|\$|£)/, '');
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1);
  }
  if (s.startsWith('-')) {
    negative = !negative;
    s = s.slice(1);
  } else if (s.startsWith('+')) s = s.slice(1);
  if (!/^[\d.,]+$/.test(s) || !/\d/.test(s)) return null;
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  const commas = s.split(',').length - 1;
  const dots = s.split('.').length - 1;
  if (commas > 0 && dots > 0) {
    // Both: the last one is the decimal separator, the other groups thousands.
    s = lastComma > lastDot ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  } else if (commas > 1) s = s.replace(/,/g, '');
  else if (dots > 1) s = s.replace(/\./g, '');
  else if (commas === 1) s = s.replace(',', '.');
  const v = Number(s);
  if (!Number.isFinite(v)) return null;
  return negative ? -v : v;
}

const SIMPLE_NUMBER = /^-?\d+(?:[.,]\d+)?$/;

const MONTHS: Array<[RegExp, number]> = [
  [/^(janv?|jan|january|janvier)$/, 1],
  [/^(f[ée]vr?|feb|february|f[ée]vrier)$/, 2],
  [/^(mars|mar|march)$/, 3],
  [/^(avr|apr|april|avril)$/, 4],
  [/^(mai|may)$/, 5],
  [/^(juin|jun|june)$/, 6],
  [/^(juil|jul|july|juillet)$/, 7],
  [/^(ao[uû]t?|aug|august)$/, 8],
  [/^(sept?|september|septembre)$/, 9],
  [/^(oct|october|octobre)$/, 10],
  [/^(nov|november|novembre)$/, 11],
  [/^(d[ée]c|dec|december|d[ée]cembre)$/, 12],
];

/** Month number of a French or English month name or abbreviation (`janv.`, `février`, `Aug`). */
function monthByName(name: string): number | null {
  const key = name.toLowerCase().replace(/\.$/, '');
  return MONTHS.find(([re]) => re.test(key))?.[1] ?? null;
}

/** Days of a month, with the Gregorian leap rule (years 0-99 as `Date.UTC` reads them: 1900-1999). */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  const y = year >= 0 && year <= 99 ? 1900 + year : year;
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
}

/**
 * Parses a date, day first when ambiguous (French usage): `dd/mm/yyyy`, `dd-mm-yy`,
 * `dd.mm.yyyy`, ISO `yyyy-mm-dd[Thh:mm...]`, `yyyy/mm/dd`, `mm/yyyy`, `yyyy-mm`, and
 * month names `janv. 2024`, `15 mars 2024`, `Aug 2024`.
 * Returns [year, month, day] or null when not a valid calendar date.
 */
export function parseLocaleDate(raw: string): [number, number, number] | null {
  const s = raw.trim();
  let y: number;
  let mo: number;
  let d: number;
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ].*)?$/.exec(s))) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})(?:[T ].*)?$/.exec(s))) {
    [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (m[3]!.length === 2) y += y < 70 ? 2000 : 1900;
  } else if ((m = /^(\d{1,2})[-/.](\d{4})$/.exec(s))) [mo, y, d] = [Number(m[1]), Number(m[2]), 1];
  else if ((m = /^(\d{4})[-/.](\d{1,2})$/.exec(s))) [y, mo, d] = [Number(m[1]), Number(m[2]), 1];
  else if ((m = /^(?:(\d{1,2})[\s-]+)?([a-zA-Z\u00c0-\u00ff.]+)[\s-]+(\d{4})$/.exec(s))) {
    const month = monthByName(m[2]!);
    if (month === null) return null;
    [y, mo, d] = [Number(m[3]), month, m[1] ? Number(m[1]) : 1];
  } else return null;
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return [y, mo, d];
}

function findColumn(header: string[], wanted: string | undefined, role: string): number {
  if (wanted === undefined) return -1;
  const byName = header.findIndex((h) => h.toLowerCase() === wanted.toLowerCase());
  if (byName >= 0) return byName;
  const asIndex = Number(wanted);
  if (Number.isInteger(asIndex) && asIndex >= 1 && asIndex <= header.length) return asIndex - 1;
  throw new InvalidForecastInputError(`${role} column "${wanted}" not found (columns: ${header.join(', ')})`);
}

/** Share of sample cells accepted by `test`. */
function share(rows: string[][], col: number, test: (v: string) => boolean): number {
  const sample = rows.slice(0, DETECTION_ROWS).map((r) => r[col] ?? '').filter((v) => v !== '');
  return sample.length ? sample.filter(test).length / sample.length : 0;
}

/** Data rows read before the columns are decided: the sample the detection looks at. */
export const DETECTION_ROWS = 200;

/**
 * Reads a CSV incrementally: text is {@link push}ed in chunks of any size (a stream of a
 * 50 MB file), rows are aggregated to their period as they arrive, and {@link end} returns
 * the series. Only the header, the first {@link DETECTION_ROWS} data rows (until the
 * columns are decided), the unfinished last line of a chunk and one sum per period are
 * held, never the text. The same detection, formats and counts as {@link parseCsvSeries},
 * which is this reader given the whole text at once: both give the same numbers.
 */
export class CsvSeriesReader {
  private readonly frequency: Frequency;
  private started = false;
  private partial = '';
  private delimiter: string | undefined;
  private header: string[] | undefined;
  /** Data rows held until the columns are decided (at most {@link DETECTION_ROWS}). */
  private sample: string[][] | undefined = [];
  private dateCol = -1;
  private valueCol = -1;
  private keyCol = -1;
  private readonly keyValue: string | undefined;
  private total = 0;
  private invalid = 0;
  private filtered = 0;
  private readonly buckets = new Map<number, { sum: number; count: number }>();
  private readonly plain: number[] = [];
  private ended = false;

  constructor(private readonly options: CsvOptions = {}) {
    this.frequency = options.frequency ?? 'month';
    this.keyValue = options.key?.value.trim();
  }

  /**
   * Reads the next piece of text (lines may be cut anywhere between two pieces).
   * @throws InvalidForecastInputError as soon as a named column is not found
   */
  push(chunk: string): void {
    if (this.ended) throw new Error('CsvSeriesReader: push after end');
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      text = text.replace(/^\uFEFF/, '');
    }
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop()!;
    for (const line of lines) this.line(line.endsWith('\r') ? line.slice(0, -1) : line);
  }

  /**
   * The series read so far, once the text is over.
   * @throws InvalidForecastInputError when no series can be found (`NO_VALID_ROWS` for no usable row)
   */
  end(): CsvSeries {
    if (this.ended) throw new Error('CsvSeriesReader: end called twice');
    this.ended = true;
    if (this.partial !== '') this.line(this.partial.endsWith('\r') ? this.partial.slice(0, -1) : this.partial);
    this.partial = '';
    if (!this.header) throw new InvalidForecastInputError('the CSV is empty', 'NO_VALID_ROWS');
    if (this.sample) this.decideColumns();
    const { total, invalid, filtered, frequency } = this;
    const header = this.header;
    const used = total - invalid - filtered;
    if (used === 0) throw new InvalidForecastInputError(`no valid row among ${total} (${invalid} invalid, ${filtered} of other keys)`, 'NO_VALID_ROWS');
    const columns = { date: this.dateCol >= 0 ? header[this.dateCol]! : null, value: header[this.valueCol]!, key: this.keyCol >= 0 ? header[this.keyCol]! : null };
    const rows = { total, used, invalid, filtered };
    if (this.dateCol < 0) return { frequency, start: null, values: this.plain, columns, rows };
    let lo = Infinity;
    let hi = -Infinity;
    for (const k of this.buckets.keys()) {
      if (k < lo) lo = k;
      if (k > hi) hi = k;
    }
    const values: Array<number | null> = [];
    for (let k = lo; k <= hi; k++) {
      const b = this.buckets.get(k);
      values.push(b ? (this.options.aggregate === 'mean' ? b.sum / b.count : b.sum) : this.options.emptyPeriods === 'zero' ? 0 : null);
    }
    return { frequency, start: periodStart(lo, frequency), values, columns, rows };
  }

  private line(line: string): void {
    if (line.trim() === '') return;
    this.delimiter ??= detectDelimiter(line);
    // Lines without quotes (nearly all) split faster on the delimiter; the result is the same.
    const row = line.includes('"') ? splitLine(line, this.delimiter) : line.split(this.delimiter).map((c) => c.trim());
    if (!this.header) {
      const hasHeader = row.some((c) => c !== '' && parseLocaleNumber(c) === null && parseLocaleDate(c) === null);
      this.header = hasHeader ? row : row.map((_, i) => `column ${i + 1}`);
      if (hasHeader) return;
    }
    if (this.sample) {
      this.sample.push(row);
      if (this.sample.length >= DETECTION_ROWS) this.decideColumns();
      return;
    }
    this.row(row);
  }

  /** Detects (or finds by name) the date, key and value columns on the sample, then reads the sample's rows. */
  private decideColumns(): void {
    const rows = this.sample!;
    const header = this.header!;
    const options = this.options;
    const width = header.length;
    let dateCol = findColumn(header, options.dateColumn, 'date');
    if (dateCol < 0) {
      const named = header.findIndex((h) => DATE_HEADER.test(h.trim()) && share(rows, header.indexOf(h), (v) => parseLocaleDate(v) !== null) > 0.5);
      dateCol = named >= 0 ? named : [...Array(width).keys()].find((c) => share(rows, c, (v) => parseLocaleDate(v) !== null) > 0.8) ?? -1;
    }
    let keyCol = -1;
    if (options.key) {
      keyCol = findColumn(header, options.key.column, 'key');
      if (keyCol < 0) keyCol = header.findIndex((h) => KEY_HEADER.test(h));
      if (keyCol < 0) throw new InvalidForecastInputError('a key value was given but no key column (a header containing "code") was found');
    }
    let valueCol = findColumn(header, options.valueColumn, 'value');
    if (valueCol < 0) {
      const numeric = [...Array(width).keys()].filter((c) => c !== dateCol && c !== keyCol && share(rows, c, (v) => parseLocaleNumber(v) !== null) > 0.5);
      valueCol = numeric.find((c) => VALUE_HEADER.test(header[c]!)) ?? numeric[numeric.length - 1] ?? -1;
    }
    if (valueCol < 0) throw new InvalidForecastInputError(`no value column found (columns: ${header.join(', ')})`, 'NO_VALID_ROWS');
    this.dateCol = dateCol;
    this.keyCol = keyCol;
    this.valueCol = valueCol;
    this.sample = undefined;
    for (const row of rows) this.row(row);
  }

  private row(row: string[]): void {
    this.total++;
    if (this.keyCol >= 0 && (row[this.keyCol] ?? '').trim() !== this.keyValue) {
      this.filtered++;
      return;
    }
    const value = parseLocaleNumber(row[this.valueCol] ?? '');
    if (value === null) {
      this.invalid++;
      return;
    }
    if (this.dateCol < 0) {
      this.plain.push(value);
      return;
    }
    const date = parseLocaleDate(row[this.dateCol] ?? '');
    if (!date) {
      this.invalid++;
      return;
    }
    const k = periodIndex(date[0], date[1], date[2], this.frequency);
    const b = this.buckets.get(k);
    if (b) {
      b.sum += value;
      b.count++;
    } else this.buckets.set(k, { sum: value, count: 1 });
  }
}

/** Reads a CSV text into a regular series; throws {@link InvalidForecastInputError} when no series can be found. */
export function parseCsvSeries(text: string, options: CsvOptions = {}): CsvSeries {
  const reader = new CsvSeriesReader(options);
  reader.push(text);
  return reader.end();
}

/**
 * Reads a CSV from a stream of text pieces (an S3 object decoded as it arrives), with
 * {@link CsvSeriesReader}: the same answer as {@link parseCsvSeries} on the whole text.
 */
export async function readCsvSeries(chunks: AsyncIterable<string>, options: CsvOptions = {}): Promise<CsvSeries> {
  const reader = new CsvSeriesReader(options);
  for await (const chunk of chunks) reader.push(chunk);
  return reader.end();
}
