/**
 * Reads a series from CSV text (seed 003's use case): records come from `csv-parse`
 * (`./csv-records`), then the date and value columns are found by their headers (English
 * and French, such as `date`, `montant`, `valeur`) before their content, French formats
 * (dd/mm/yyyy, decimal comma, spaces or no-break spaces as thousands separators),
 * optionally keeps the rows of one entity (a key column, seed 003's `by-code`), and
 * aggregates to a calendar period. Invalid rows are dropped and counted, never guessed.
 */
import { periodIndex, periodStart, type Frequency } from './calendar';
import { csvRecords, streamCsvRecords } from './csv-records';
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

const isDate = (v: string) => parseLocaleDate(v) !== null;
const isNumber = (v: string) => parseLocaleNumber(v) !== null;
/** A header naming a date (`date de valeur` included: a date header wins over a value word). */
const namesDate = (h: string) => DATE_HEADER.test(h.trim());
const namesValue = (h: string) => !namesDate(h) && VALUE_HEADER.test(h.trim());

/**
 * The date, key and value columns of a file: those named in the options; else found by
 * their header names first (a column named `value`, `valeur`, `montant`... is the value,
 * even when its numbers could be read as `yyyy.m` dates), then by their content (a date
 * column by content only when a numeric column is left for the values).
 */
export function detectColumns(header: string[], rows: string[][], options: CsvOptions): { date: number; value: number; key: number } {
  const columns = [...header.keys()];
  let key = -1;
  if (options.key) {
    key = findColumn(header, options.key.column, 'key');
    if (key < 0) key = header.findIndex((h) => KEY_HEADER.test(h));
    if (key < 0) throw new InvalidForecastInputError('a key value was given but no key column (a header containing "code") was found');
  }
  const wantedValue = findColumn(header, options.valueColumn, 'value');
  let date = findColumn(header, options.dateColumn, 'date');
  const valueNamed = columns.filter((c) => c !== key && c !== date && namesValue(header[c]!));
  const reserved = (c: number) => c === key || c === wantedValue || (wantedValue < 0 && valueNamed.includes(c));
  if (date < 0) {
    const named = columns.find((c) => !reserved(c) && namesDate(header[c]!) && share(rows, c, isDate) > 0.5);
    const numericLeft = (c: number) => valueNamed.length > 0 || wantedValue >= 0 || columns.some((o) => o !== c && o !== key && share(rows, o, isNumber) > 0.5);
    date = named ?? columns.find((c) => !reserved(c) && share(rows, c, isDate) > 0.8 && numericLeft(c)) ?? -1;
  }
  let value = wantedValue;
  if (value < 0) {
    const candidates = columns.filter((c) => c !== date && c !== key);
    const numeric = candidates.filter((c) => share(rows, c, isNumber) > 0.5);
    value = valueNamed.find((c) => numeric.includes(c)) ?? valueNamed.find((c) => c !== date) ?? numeric[numeric.length - 1] ?? -1;
  }
  if (value < 0) throw new InvalidForecastInputError(`no value column found (columns: ${header.join(', ')})`, 'NO_VALID_ROWS');
  return { date, value, key };
}

/** A record of empty cells: a blank line, or one of delimiters only. */
function isBlank(cells: readonly string[]): boolean {
  for (const c of cells) if (c !== '') return false;
  return true;
}

/** Data rows read before the columns are decided: the sample the detection looks at. */
export const DETECTION_ROWS = 200;

/**
 * Turns CSV records into a series as they come: rows are aggregated to their period as
 * they arrive, so only the header, the first {@link DETECTION_ROWS} data rows (until the
 * columns are decided) and one sum per period are held, never the file. Records come
 * from {@link parseCsvSeries} (a whole text) or {@link readCsvSeries} (a stream of
 * pieces): both give the same numbers.
 */
export class CsvSeriesReader {
  private readonly frequency: Frequency;
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
   * Reads the next record (the first is the header when it holds a cell that is neither
   * a number nor a date). A record of empty cells is a blank line: skipped.
   * @throws InvalidForecastInputError as soon as a named column is not found
   */
  record(cells: readonly string[]): void {
    if (this.ended) throw new Error('CsvSeriesReader: record after end');
    if (isBlank(cells)) return;
    // Cells come trimmed from the parser; only a header or the sample is copied.
    const row = cells as string[];
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

  /**
   * The series read so far, once the records are over.
   * @throws InvalidForecastInputError when no series can be found (`NO_VALID_ROWS` for no usable row)
   */
  end(): CsvSeries {
    if (this.ended) throw new Error('CsvSeriesReader: end called twice');
    this.ended = true;
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

  /** Decides the columns on the sample, then reads the sample's rows. */
  private decideColumns(): void {
    const rows = this.sample!;
    const { date, value, key } = detectColumns(this.header!, rows, this.options);
    this.dateCol = date;
    this.keyCol = key;
    this.valueCol = value;
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
  for (const record of csvRecords(text)) reader.record(record);
  return reader.end();
}

/**
 * Reads a CSV from a stream of text pieces (an S3 object decoded as it arrives), cut
 * anywhere: the same answer as {@link parseCsvSeries} on the whole text, holding one
 * record of text at a time.
 */
export async function readCsvSeries(chunks: AsyncIterable<string>, options: CsvOptions = {}): Promise<CsvSeries> {
  const reader = new CsvSeriesReader(options);
  await streamCsvRecords(chunks, (record) => reader.record(record));
  return reader.end();
}
