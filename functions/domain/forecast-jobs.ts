/**
 * Forecast jobs (issue 5): what `POST /v1/forecasts` asks for, how a job moves
 * (`queued -> running -> succeeded | failed`), who may see it, and how a source becomes
 * the engine's series. Pure: the telemetry store comes in as its port.
 *
 * Steps of a job, as the forecast worker runs them:
 *   1. the series: a CSV source was parsed when the job was created (its series is stored
 *      with the job); a document source (a CSV uploaded through the documents API, up to
 *      50 MiB) is read now, streaming, from the verified object version
 *      ({@link readDocumentSeries}); a sensor source is read now from the telemetry store,
 *      every page, empty buckets as missing values ({@link readSensorSeries});
 *   2. the engine ({@link runForecast}), whose `ForecastError`s end the job as failed;
 *   3. the result kept for the answer and the chart ({@link keptResult}).
 */
import * as z from 'zod';
import { grantedScope, type Principal } from './principal';
import { canSeeDocument, type Document } from './documents';
import type { ZoneMeter } from './leaks/zones';
import { forecast, ForecastError, InvalidForecastInputError, parseCsvSeries, readCsvSeries, type CsvOptions, type ForecastResult, type Frequency } from './forecasting/index';
import { bucketStart, formatInZone, nextBucketStart, type BucketInterval } from './telemetry/calendar';
import { MAX_QUERY_LIMIT, type TelemetryStore } from './telemetry/store';
import type { Aggregation } from './telemetry/types';

/** The body of a `forecast-jobs` message: the job is in the table, the message only names it. */
export const ForecastJobMessage = z.strictObject({ tenantId: z.string().min(1).max(64), jobId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/) });
export type ForecastJobMessage = z.infer<typeof ForecastJobMessage>;

export const FORECAST_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type ForecastStatus = (typeof FORECAST_STATUSES)[number];

export const FORECAST_INTERVALS = ['1h', '1d', '1w', '1mo'] as const;
export type ForecastInterval = (typeof FORECAST_INTERVALS)[number];

export const FORECAST_FAMILIES = ['auto', 'sarima', 'ets', 'theta', 'seasonal-naive', 'combination'] as const;
export type ForecastFamily = (typeof FORECAST_FAMILIES)[number];

/** A sensor's readings aggregated into calendar buckets. */
export interface SensorSource {
  readonly type: 'sensor';
  readonly sensorId: string;
  readonly interval: ForecastInterval;
  readonly agg: Aggregation;
  /** ISO 8601; default: {@link DEFAULT_WINDOW} buckets before `to`. */
  readonly from?: string;
  /** ISO 8601, exclusive; default: the start of the current (incomplete) bucket. */
  readonly to?: string;
  /** IANA zone of the buckets. @default 'UTC' */
  readonly tz?: string;
}

/**
 * A zone's net inflow (district metered area): its meters' mean flow per bucket, `in`
 * meters added and `out` meters subtracted as the night-flow analysis counts them; a
 * bucket where a meter has no reading is missing.
 */
export interface ZoneSource {
  readonly type: 'zone';
  readonly zoneId: string;
  readonly interval: ForecastInterval;
  readonly from?: string;
  readonly to?: string;
  /** IANA zone of the buckets. @default the zone's own time zone */
  readonly tz?: string;
}

/** A CSV given inline, as stored with the job: its content is parsed at creation and not kept. */
export interface CsvSource {
  readonly type: 'csv';
  readonly dateColumn?: string;
  readonly valueColumn?: string;
  readonly keyColumn?: string;
  readonly key?: string;
  readonly period: Frequency;
  readonly kind: 'amount' | 'level';
}

/**
 * A CSV uploaded through the documents API (`POST /v1/documents`), named by its id: the
 * same reading options as an inline CSV. The document must be `available` (its bytes
 * verified) and of a CSV media type when the job is asked for and when it runs.
 */
export interface DocumentSource extends Omit<CsvSource, 'type'> {
  readonly type: 'document';
  readonly documentId: string;
}

export type StoredSource = SensorSource | ZoneSource | CsvSource | DocumentSource;

export interface ForecastRequestOptions {
  readonly horizon?: number;
  readonly period?: number;
  readonly family: ForecastFamily;
}

/** What became of the rows of a CSV source. */
export interface CsvInputReport {
  readonly columns: { date: string | null; value: string; key: string | null };
  readonly rows: { total: number; used: number; invalid: number; filtered: number };
}

/** The series of a CSV source, parsed at creation. */
export interface StoredSeries {
  readonly values: Array<number | null>;
  readonly frequency: Frequency;
  readonly start: string | null;
  readonly kind: 'amount' | 'level';
}

export interface FailureReason {
  /** A `ForecastErrorCode`, or `INTERNAL_ERROR` / `QUEUE_UNAVAILABLE`. */
  readonly code: string;
  readonly message: string;
}

/** A forecast job as the API answers it (the result, when there is one, rides along). */
export interface ForecastJob {
  readonly id: string;
  readonly version: number;
  readonly status: ForecastStatus;
  readonly source: StoredSource;
  readonly options: ForecastRequestOptions;
  /** Set for a sensor source: lists by sensor use it. */
  readonly sensorId: string | null;
  readonly input?: CsvInputReport;
  readonly reason?: FailureReason;
  /** Runs started (a redelivered message re-runs a `running` job). */
  readonly attempts: number;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly startedAt?: string;
  readonly completedAt?: string;
  readonly result?: ForecastResult;
}

/** The series a sensor-source job may read at most (the engine stays well under its time budget). */
export const MAX_SERIES_LENGTH = 10_000;
/** History points kept in a stored result: enough for the chart, far from DynamoDB's 400 KB item limit. */
export const KEPT_HISTORY = 500;

/** Buckets read before `to` when a sensor source has no `from`: 4 weeks of hours, 3 years of days or weeks, 5 years of months. */
export const DEFAULT_WINDOW: Readonly<Record<ForecastInterval, number>> = { '1h': 24 * 28, '1d': 3 * 365, '1w': 3 * 52, '1mo': 5 * 12 };

/** How a sensor interval maps to the engine: the calendar of the horizon rule and a default seasonal period. */
const ENGINE_OF_INTERVAL: Readonly<Record<ForecastInterval, { frequency: Frequency; period?: number; seasonalPeriods?: number[] }>> = {
  // Hours have no calendar in the engine: days' (horizon at most 14 steps), with a daily cycle of 24 and a weekly one of 168 (MSTL).
  '1h': { frequency: 'day', period: 24, seasonalPeriods: [168] },
  // Days: the weekly cycle, and the year's once two years are there (MSTL).
  '1d': { frequency: 'day', seasonalPeriods: [365] },
  '1w': { frequency: 'week' },
  '1mo': { frequency: 'month' },
};

/** Sums and counts are amounts (zero means no activity); averages and extremes are levels. */
export const kindOfAggregation = (agg: Aggregation): 'amount' | 'level' => (agg === 'sum' || agg === 'count' ? 'amount' : 'level');

/** The job of a new request, queued. */
export function newForecastJob(input: {
  id: string;
  source: StoredSource;
  options: ForecastRequestOptions;
  input?: CsvInputReport;
  principal: Principal;
  now: string;
}): ForecastJob {
  return {
    id: input.id,
    version: 1,
    status: 'queued',
    source: input.source,
    options: input.options,
    sensorId: input.source.type === 'sensor' ? input.source.sensorId : null,
    ...(input.input ? { input: input.input } : {}),
    attempts: 0,
    createdBy: input.principal.subject,
    createdAt: input.now,
    updatedAt: input.now,
  };
}

/** A job in a final state is never run again. */
export const isFinal = (status: ForecastStatus): boolean => status === 'succeeded' || status === 'failed';

/**
 * Forecasts reveal the history of their source. Staff users read every forecast of the
 * tenant; a machine client or a partner app's token reads them with `forecasts.write`,
 * and a sensor's forecast only if it may also read telemetry (`telemetry.read`). Client
 * users read none (the routes do not admit them).
 */
export function canReadForecast(principal: Principal, job: Pick<ForecastJob, 'source'>): boolean {
  if (principal.role === 'client') return false;
  return canForecastSource(principal, job.source);
}

/** Whether the principal may forecast this source: a machine client or a partner app's token needs `telemetry.read` for a sensor or a zone's meters. */
export function canForecastSource(principal: Principal, source: Pick<StoredSource, 'type'>): boolean {
  return (source.type !== 'sensor' && source.type !== 'zone') || grantedScope(principal, 'telemetry.read');
}

/** The `[from, to)` a sensor source reads, in epoch ms: complete buckets only by default. */
export function sensorWindow(source: Pick<SensorSource, 'interval' | 'from' | 'to' | 'tz'>, now: number): { from: number; to: number } {
  const tz = source.tz ?? 'UTC';
  const interval = source.interval as BucketInterval;
  const to = source.to ? Date.parse(source.to) : bucketStart(now, interval, tz);
  if (source.from) return { from: Date.parse(source.from), to };
  // Step back DEFAULT_WINDOW buckets with calendar-exact month and DST arithmetic, roughly then exactly.
  const approxMs: Record<ForecastInterval, number> = { '1h': 3_600_000, '1d': 86_400_000, '1w': 7 * 86_400_000, '1mo': 31 * 86_400_000 };
  let from = bucketStart(to - DEFAULT_WINDOW[source.interval] * approxMs[source.interval], interval, tz);
  let count = 0;
  for (let b = from; b < to; b = nextBucketStart(b, interval, tz)) count++;
  while (count > DEFAULT_WINDOW[source.interval]) {
    from = nextBucketStart(from, interval, tz);
    count--;
  }
  return { from, to };
}

/** A sensor's series: one value per bucket (null when empty), with each bucket's instant. */
export interface SensorSeries {
  readonly values: Array<number | null>;
  readonly starts: number[];
}

/**
 * Reads every page of a sensor's buckets in the window, empty buckets as nulls (fill
 * `null`), and trims empty buckets at both ends (before the sensor reported, after it
 * stopped). More than {@link MAX_SERIES_LENGTH} buckets is refused as invalid input.
 */
export async function readSensorSeries(store: Pick<TelemetryStore, 'query'>, tenantId: string, source: SensorSource, now: number): Promise<SensorSeries> {
  const { from, to } = sensorWindow(source, now);
  if (!(from < to)) throw new InvalidForecastInputError('the sensor window is empty: from must be before to (the default to is the start of the current bucket)');
  const tz = source.tz ?? 'UTC';
  const values: Array<number | null> = [];
  const starts: number[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.query(tenantId, { sensorId: source.sensorId, from, to, interval: source.interval, agg: source.agg, tz, fill: 'null', limit: MAX_QUERY_LIMIT, cursor });
    for (const point of page.points) {
      values.push(point.value);
      starts.push(Date.parse(point.ts));
    }
    if (values.length > MAX_SERIES_LENGTH) {
      throw new InvalidForecastInputError(`the window holds more than ${MAX_SERIES_LENGTH} ${source.interval} buckets: narrow from and to, or choose a longer interval`);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  let first = 0;
  let last = values.length - 1;
  while (first <= last && values[first] === null) first++;
  while (last >= first && values[last] === null) last--;
  return { values: values.slice(first, last + 1), starts: starts.slice(first, last + 1) };
}

/**
 * A zone's net inflow from its meters' series (read with the zone's bucket options):
 * over the buckets every meter covers, the sum of `in` meters' values less `out` meters';
 * a bucket where a meter has no value is missing; missing buckets at both ends are trimmed.
 */
export function zoneNetInflow(meters: readonly ZoneMeter[], series: readonly SensorSeries[]): SensorSeries {
  if (meters.length === 0 || series.some((s) => s.starts.length === 0)) return { values: [], starts: [] };
  const byStart = series.map((s) => new Map(s.starts.map((start, i) => [start, s.values[i] ?? null])));
  const first = Math.max(...series.map((s) => s.starts[0]!));
  const last = Math.min(...series.map((s) => s.starts[s.starts.length - 1]!));
  const starts = series[0]!.starts.filter((start) => start >= first && start <= last);
  const values = starts.map((start) => {
    let net = 0;
    for (let m = 0; m < meters.length; m++) {
      const v = byStart[m]!.get(start);
      if (v === null || v === undefined) return null;
      net += meters[m]!.direction === 'in' ? v : -v;
    }
    return net;
  });
  let lo = 0;
  let hi = values.length - 1;
  while (lo <= hi && values[lo] === null) lo++;
  while (hi >= lo && values[hi] === null) hi--;
  return { values: values.slice(lo, hi + 1), starts: starts.slice(lo, hi + 1) };
}

/** The sensor source that reads one meter of a zone source: mean flow per bucket, in the time zone `tz`. */
export const meterSource = (source: ZoneSource, sensorId: string, tz: string): SensorSource => ({
  type: 'sensor',
  sensorId,
  interval: source.interval,
  agg: 'avg',
  tz,
  ...(source.from ? { from: source.from } : {}),
  ...(source.to ? { to: source.to } : {}),
});

/** The engine on a sensor series (or a zone's net inflow); timestamps are the buckets' own instants in the source's zone. */
export function forecastSensorSeries(series: SensorSeries, source: Pick<SensorSource, 'interval' | 'agg' | 'tz'>, options: ForecastRequestOptions): ForecastResult {
  const engine = ENGINE_OF_INTERVAL[source.interval];
  const result = forecast(
    { values: series.values, frequency: engine.frequency, kind: kindOfAggregation(source.agg) },
    { horizon: options.horizon ?? null, period: options.period ?? engine.period, seasonalPeriods: options.period ? undefined : engine.seasonalPeriods, family: options.family },
  );
  const tz = source.tz ?? 'UTC';
  const interval = source.interval as BucketInterval;
  let next = series.starts.length ? nextBucketStart(series.starts[series.starts.length - 1]!, interval, tz) : 0;
  const forecastTs: string[] = [];
  for (let i = 0; i < result.forecast.length; i++) {
    forecastTs.push(formatInZone(next, tz));
    next = nextBucketStart(next, interval, tz);
  }
  return {
    ...result,
    history: result.history.map((h, i) => ({ ...h, ts: formatInZone(series.starts[i]!, tz) })),
    forecast: result.forecast.map((p, i) => ({ ...p, ts: forecastTs[i]! })),
  };
}

/** The reader's options of a CSV or document source (amounts add up, levels average). */
function csvOptionsOf(source: Omit<CsvSource, 'type'>): CsvOptions {
  return {
    frequency: source.period,
    aggregate: source.kind === 'level' ? 'mean' : 'sum',
    dateColumn: source.dateColumn,
    valueColumn: source.valueColumn,
    key: source.key !== undefined ? { value: source.key, column: source.keyColumn } : undefined,
  };
}

function storedSeriesOf(csv: ReturnType<typeof parseCsvSeries>, source: Omit<CsvSource, 'type'>): { series: StoredSeries; input: CsvInputReport } {
  if (csv.values.length > MAX_SERIES_LENGTH) {
    throw new InvalidForecastInputError(`the CSV spans ${csv.values.length} ${source.period}s; at most ${MAX_SERIES_LENGTH} can be forecast`);
  }
  return {
    series: { values: csv.values, frequency: csv.frequency, start: csv.start, kind: source.kind },
    input: { columns: csv.columns, rows: csv.rows },
  };
}

/**
 * Reads an inline CSV into the series a job stores, as `bin/forecast.ts` reads a file
 * (same detection, same aggregation: amounts add up, levels average).
 * @throws InvalidForecastInputError (`INVALID_INPUT`, `NO_VALID_ROWS`) when no series can be read
 */
export function parseCsvSource(content: string, source: Omit<CsvSource, 'type'>): { series: StoredSeries; input: CsvInputReport } {
  return storedSeriesOf(parseCsvSeries(content, csvOptionsOf(source)), source);
}

/**
 * Reads a document's CSV from its text, streamed in pieces: rows are aggregated to their
 * period as they arrive (a 50 MiB file is never held), with the same detection and
 * numbers as {@link parseCsvSource} on the same text.
 * @throws InvalidForecastInputError (`INVALID_INPUT`, `NO_VALID_ROWS`) when no series can be read
 */
export async function readDocumentSeries(chunks: AsyncIterable<string>, source: Omit<CsvSource, 'type'>): Promise<{ series: StoredSeries; input: CsvInputReport }> {
  return storedSeriesOf(await readCsvSeries(chunks, csvOptionsOf(source)), source);
}

/** Media types of a document that can be forecast: `text/csv`, or `text/plain` named `*.csv` (as some browsers declare CSV files). */
export function isCsvDocument(doc: Pick<Document, 'contentType' | 'fileName'>): boolean {
  const type = doc.contentType.split(';')[0]!.trim().toLowerCase();
  return type === 'text/csv' || (type === 'text/plain' && /\.csv$/i.test(doc.fileName));
}

/** Why a document cannot be a forecast's source; undefined when it can. */
export type DocumentSourceProblem =
  | { readonly kind: 'not-found' }
  | { readonly kind: 'not-available'; readonly status: Document['status'] }
  | { readonly kind: 'not-csv'; readonly contentType: string };

/**
 * Whether a document may be forecast by this principal: it exists in the tenant (the
 * caller's: the key says so) and is visible to the principal (client users: their
 * client's), its bytes were verified (`available`), and it is a CSV. Checked by the route
 * when the job is asked for, and again by the worker when it runs (a document deleted
 * or replaced meanwhile is not read).
 */
export function documentSourceProblem(principal: Principal | null, doc: Document | undefined): DocumentSourceProblem | undefined {
  // null: the worker, running a job whose principal was checked when it was asked for.
  if (!doc || (principal !== null && !canSeeDocument(principal, doc))) return { kind: 'not-found' };
  if (doc.status !== 'available') return { kind: 'not-available', status: doc.status };
  if (!isCsvDocument(doc)) return { kind: 'not-csv', contentType: doc.contentType };
  return undefined;
}

/** The engine on a CSV series (the same call as `bin/forecast.ts`, so both give the same numbers). */
export function forecastStoredSeries(series: StoredSeries, options: ForecastRequestOptions): ForecastResult {
  return forecast(
    { values: series.values, frequency: series.frequency, start: series.start ?? undefined, kind: series.kind },
    { horizon: options.horizon ?? null, period: options.period, family: options.family },
  );
}

/** Explanations of how a CSV's rows were read, first in the answer (as the CLI prints them). */
export function csvRowsNote(input: CsvInputReport): string {
  const r = input.rows;
  return `${r.used} of ${r.total} rows used (${r.invalid} invalid dropped${r.filtered ? `, ${r.filtered} of other keys` : ''}).`;
}

/**
 * The result as stored and answered: the history cut to its last {@link KEPT_HISTORY}
 * points (the chart shows no more, and the item stays far below 400 KB), said so in the
 * explanations.
 */
export function keptResult(result: ForecastResult, prefix: readonly string[] = []): ForecastResult {
  // The engine promises finite numbers; a NaN would also be refused by DynamoDB, so check rather than trust.
  const numbers = JSON.stringify(result, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? '__NON_FINITE__' : v));
  if (numbers.includes('__NON_FINITE__')) throw new ForecastError('NUMERICAL', 'the forecast contains non-finite numbers');
  const cut = result.history.length - KEPT_HISTORY;
  const explanations = [...prefix, ...result.explanations];
  if (cut > 0) explanations.push(`History in this answer: the last ${KEPT_HISTORY} of ${result.history.length} periods (all were used by the models).`);
  return { ...result, history: cut > 0 ? result.history.slice(cut) : result.history, explanations };
}

/** The reason a job failed, from what was thrown: the engine's own code, or a generic one. */
export function failureOf(error: unknown): FailureReason {
  if (error instanceof ForecastError) return { code: error.code, message: error.message };
  return { code: 'INTERNAL_ERROR', message: 'the forecast failed repeatedly on an unexpected error; operators have been alerted' };
}

/** The envelope of the outbox event every finished job publishes (webhooks relay it). */
export interface ForecastCompletedEvent {
  readonly id: string;
  readonly type: 'forecast.completed';
  readonly occurredAt: string;
  readonly tenant: string;
  readonly data: {
    readonly forecastId: string;
    readonly status: 'succeeded' | 'failed';
    readonly sensorId: string | null;
    readonly sourceType: StoredSource['type'];
    readonly reason?: FailureReason;
    /** Succeeded jobs: the model chosen and the horizon used, not the whole result (GET the forecast). */
    readonly model?: string;
    readonly horizon?: number;
  };
}

/** `forecast.completed`, for a job that succeeded or failed: one event type, the status says which. */
export function completionEvent(
  eventId: string,
  tenantId: string,
  job: Pick<ForecastJob, 'id' | 'sensorId' | 'source'> & ({ status: 'succeeded'; result: ForecastResult } | { status: 'failed'; reason: FailureReason }),
  now: string,
): ForecastCompletedEvent {
  return {
    id: eventId,
    type: 'forecast.completed',
    occurredAt: now,
    tenant: tenantId,
    data: {
      forecastId: job.id,
      status: job.status,
      sensorId: job.sensorId,
      sourceType: job.source.type,
      ...(job.status === 'failed' ? { reason: job.reason } : { model: job.result.model.name, horizon: job.result.horizon.used }),
    },
  };
}
