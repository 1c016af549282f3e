/**
 * The query engine both stores share: validation of a query, opaque cursors bound to
 * their query, and the paging of raw readings or of calendar buckets assembled from
 * mergeable partials (raw points, rollups or Timestream bins), with fill.
 *
 * A store supplies only the data: for aggregated queries, partials of "slots" of a given
 * UTC-aligned step (1 min, 1 h, 1 day... or 0 for raw points) between two instants. The
 * engine picks, for each window of buckets, the coarsest step whose slots tile every bucket
 * of the window exactly (e.g. hour slots for `1d` in Europe/Paris, minute slots for `1h`
 * in Asia/Kolkata, day slots for `1d` in UTC), so results do not depend on the step.
 */
import { bucketStart, bucketStarts, formatInZone, isValidTimeZone, nextBucketStart, type BucketInterval } from './calendar';
import { TelemetryQueryError } from './errors';
import { LATEST_TIMESTAMP_MS } from './timestamps';
import { finalize, mergePartials, type Partial } from './partials';
import { MAX_QUERY_LIMIT, type QueryPage, type TelemetryQuery } from './store';
import { AGGREGATIONS, FILLS, INTERVALS, QUALITIES, SENSOR_ID_PATTERN, type Point, type Reading } from './types';

/** Tenant ids are key material: letters, digits, `_` and `-` only. */
export const TENANT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The partial of one slot, `ts` being the slot's start (or the reading's time for raw slots). */
export interface TimedPartial {
  readonly ts: number;
  readonly partial: Partial;
}

/**
 * Partials of the slots of `step` ms (0: raw readings) in `[from, to)`, in ascending order,
 * restricted to the query's qualities.
 */
export type PartialSource = (step: number, from: number, to: number) => Promise<TimedPartial[]>;

/**
 * Up to `limit` readings in `[from, to)`, ascending, restricted to the query's qualities.
 * A source that stops early (bounded work) says where to resume with `resumeAt`.
 */
export type ReadingSource = (from: number, to: number, limit: number) => Promise<{ readings: Reading[]; resumeAt?: number }>;

/** Fails with a {@link TelemetryQueryError} naming the first bad field. */
export function checkQuery(tenantId: string, q: TelemetryQuery): void {
  const bad = (field: string, message: string) => new TelemetryQueryError('INVALID_QUERY', message, field);
  if (!TENANT_ID_PATTERN.test(tenantId)) throw bad('tenantId', 'tenant id is not valid');
  if (typeof q.sensorId !== 'string' || !SENSOR_ID_PATTERN.test(q.sensorId)) throw bad('sensorId', 'sensorId must match ^[A-Z0-9_]{2,64}$');
  const instant = (t: number) => Number.isSafeInteger(t) && t >= 0 && t <= LATEST_TIMESTAMP_MS;
  if (!instant(q.from) || !instant(q.to)) throw bad('from', 'from and to must be instants (epoch ms) between 1970 and 9999');
  if (q.from >= q.to) throw bad('to', 'to must be after from');
  if (!(INTERVALS as readonly string[]).includes(q.interval)) throw bad('interval', `interval must be one of ${INTERVALS.join(', ')}`);
  if (!(AGGREGATIONS as readonly string[]).includes(q.agg)) throw bad('agg', `agg must be one of ${AGGREGATIONS.join(', ')}`);
  if (!(FILLS as readonly string[]).includes(q.fill)) throw bad('fill', `fill must be one of ${FILLS.join(', ')}`);
  if (!isValidTimeZone(q.tz)) throw bad('tz', 'tz must be an IANA time zone such as Europe/Paris');
  if (!Number.isInteger(q.limit) || q.limit < 1 || q.limit > MAX_QUERY_LIMIT) throw bad('limit', `limit must be 1..${MAX_QUERY_LIMIT}`);
  if (q.quality && !q.quality.every((x) => (QUALITIES as readonly string[]).includes(x))) throw bad('quality', 'quality must be GOOD, UNCERTAIN or BAD');
}

/** The qualities a query keeps, sorted, or undefined for all. */
export function qualityFilter(q: TelemetryQuery): readonly string[] | undefined {
  if (!q.quality || q.quality.length === 0) return undefined;
  const set = [...new Set(q.quality)].sort();
  return set.length === QUALITIES.length ? undefined : set;
}

// ---------------------------------------------------------------------------------------------
// Cursors: base64url JSON {v, h, b, p?}; `h` fingerprints the query so a cursor only resumes
// the query (tenant, sensor, range, interval...) that produced it.

interface CursorState {
  /** Where the next page starts: a bucket start, or (raw) the first instant not yet returned. */
  readonly b: number;
  /** The last non-empty bucket before `b` with a value, for `previous` / `linear` fill. */
  readonly p?: readonly [number, number];
}

function fingerprint(tenantId: string, q: TelemetryQuery): string {
  const parts = [tenantId, q.sensorId, q.from, q.to, q.interval, q.interval === 'raw' ? '' : q.agg, q.tz, (qualityFilter(q) ?? []).join(','), q.interval === 'raw' ? '' : q.fill];
  // FNV-1a, 32 bits: a consistency check, not a secret (the cursor grants nothing the query does not).
  let h = 0x811c9dc5;
  for (const ch of JSON.stringify(parts)) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36);
}

export function encodeQueryCursor(tenantId: string, q: TelemetryQuery, state: CursorState): string {
  return Buffer.from(JSON.stringify({ v: 1, h: fingerprint(tenantId, q), ...state }), 'utf8').toString('base64url');
}

export function decodeQueryCursor(tenantId: string, q: TelemetryQuery): CursorState | undefined {
  if (q.cursor === undefined) return undefined;
  const invalid = () => new TelemetryQueryError('INVALID_CURSOR', 'The cursor is not valid for this query', 'cursor');
  let raw: unknown;
  try {
    if (!/^[A-Za-z0-9_-]{1,512}$/.test(q.cursor)) throw invalid();
    raw = JSON.parse(Buffer.from(q.cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof raw !== 'object' || raw === null) throw invalid();
  const { v, h, b, p } = raw as Record<string, unknown>;
  if (v !== 1 || h !== fingerprint(tenantId, q) || !Number.isSafeInteger(b)) throw invalid();
  const start = b as number;
  if (start < q.from - 32 * 86_400_000 || start >= q.to) throw invalid();
  if (p === undefined) return { b: start };
  if (!Array.isArray(p) || p.length !== 2 || !Number.isSafeInteger(p[0]) || typeof p[1] !== 'number' || !Number.isFinite(p[1])) throw invalid();
  return { b: start, p: [p[0] as number, p[1] as number] };
}

// ---------------------------------------------------------------------------------------------

/** One page of raw readings. */
export async function rawPage(tenantId: string, q: TelemetryQuery, source: ReadingSource): Promise<QueryPage> {
  checkQuery(tenantId, q);
  const state = decodeQueryCursor(tenantId, q);
  const from = state?.b ?? q.from;
  const { readings, resumeAt } = await source(from, q.to, q.limit + 1);
  const page = readings.slice(0, q.limit);
  const points: Point[] = page.map((r) => ({ ts: formatInZone(r.ts, q.tz), value: r.value, count: 1, quality: r.quality }));
  const last = page[page.length - 1];
  let next: number | undefined;
  if (readings.length > q.limit && last !== undefined) next = last.ts + 1;
  else if (resumeAt !== undefined && resumeAt < q.to) next = resumeAt;
  return { points, nextCursor: next !== undefined ? encodeQueryCursor(tenantId, q, { b: next }) : null };
}

/** Steps (ms) the engine may ask a {@link PartialSource} for, coarsest first. */
export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

/** The coarsest of `steps` that divides every boundary, or 0 (raw) when none does. */
export function coarsestAlignedStep(boundaries: readonly number[], steps: readonly number[]): number {
  for (const step of steps) if (boundaries.every((b) => b % step === 0)) return step;
  return 0;
}

/** Bounds the work of one page when data is sparse (the page then ends early, with a cursor). */
const MAX_SOURCE_CALLS_PER_PAGE = 16;
const MAX_WINDOW_BUCKETS = 10_000;

/**
 * One page of buckets.
 * @param steps the slot sizes the store can serve besides raw points, coarsest first
 */
export async function aggregatePage(tenantId: string, q: TelemetryQuery, steps: readonly number[], source: PartialSource): Promise<QueryPage> {
  checkQuery(tenantId, q);
  if (q.interval === 'raw') throw new TelemetryQueryError('INVALID_QUERY', 'raw queries are not aggregated', 'interval');
  const interval: BucketInterval = q.interval;
  const state = decodeQueryCursor(tenantId, q);
  let prev: readonly [number, number] | undefined = state?.p;
  let cursor = state?.b ?? bucketStart(q.from, interval, q.tz);
  const points: Point[] = [];
  /** Empty buckets waiting for the next value (linear fill). */
  let gaps: number[] = [];
  let next: CursorState | undefined;

  const emit = (bucket: number, value: number | null, count: number): boolean => {
    if (points.length === q.limit) {
      next = { b: bucket, ...(prev ? { p: prev } : {}) };
      return false;
    }
    points.push({ ts: formatInZone(bucket, q.tz), value, count });
    return true;
  };
  const flushGaps = (until: readonly [number, number] | undefined): boolean => {
    for (let i = 0; i < gaps.length; i++) {
      const g = gaps[i] as number;
      const value = prev && until ? prev[1] + ((until[1] - prev[1]) * (g - prev[0])) / (until[0] - prev[0]) : null;
      if (!emit(g, value, 0)) return false;
    }
    gaps = [];
    return true;
  };

  let window = q.fill === 'none' ? q.limit + 1 : q.limit + 2;
  let calls = 0;
  scan: while (cursor < q.to) {
    if (calls === MAX_SOURCE_CALLS_PER_PAGE) {
      next = { b: gaps[0] ?? cursor, ...(prev ? { p: prev } : {}) };
      break;
    }
    const starts = bucketStarts(cursor, q.to, interval, q.tz, Math.min(window, MAX_WINDOW_BUCKETS));
    const end = nextBucketStart(starts[starts.length - 1] as number, interval, q.tz);
    const step = coarsestAlignedStep([...starts, end], steps);
    const slots = await source(step, cursor, end);
    calls++;
    let i = 0;
    for (let k = 0; k < starts.length; k++) {
      const bucket = starts[k] as number;
      const bucketEnd = k + 1 < starts.length ? (starts[k + 1] as number) : end;
      let partial: Partial | undefined;
      while (i < slots.length && (slots[i] as TimedPartial).ts < bucketEnd) {
        const slot = slots[i] as TimedPartial;
        if (slot.ts >= bucket) partial = mergePartials(partial, slot.partial);
        i++;
      }
      if (partial && partial.count > 0) {
        const value = finalize(partial, q.agg);
        const here: readonly [number, number] | undefined = value === null ? undefined : [bucket, value];
        if (q.fill === 'linear' && !flushGaps(here ?? undefined)) break scan;
        if (!emit(bucket, value, partial.count)) break scan;
        if (here) prev = here;
      } else if (q.fill === 'null') {
        if (!emit(bucket, null, 0)) break scan;
      } else if (q.fill === 'previous') {
        if (!emit(bucket, prev ? prev[1] : null, 0)) break scan;
      } else if (q.fill === 'linear') {
        gaps.push(bucket);
      }
    }
    cursor = end;
    window = Math.min(window * 2, MAX_WINDOW_BUCKETS);
  }
  // Trailing gaps have no next value to interpolate towards.
  if (!next && gaps.length > 0) {
    const pending = gaps;
    gaps = [];
    for (const g of pending) {
      if (!emit(g, null, 0)) break;
    }
  }
  return { points, nextCursor: next ? encodeQueryCursor(tenantId, q, next) : null };
}
