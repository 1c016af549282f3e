/**
 * The telemetry store port. Two adapters implement it: Timestream for LiveAnalytics
 * (`#adapters/telemetry/timestream-store`) and a DynamoDB time-series table with rollups
 * (`#adapters/telemetry/dynamodb-store`); both pass the same behavioural suite.
 *
 * Every call is scoped to one tenant: no key, query or cursor can reach another's data.
 */
import type { Rejection } from './validation';
import type { Aggregation, Fill, Interval, Point, Quality, Reading } from './types';

export interface TelemetryQuery {
  readonly sensorId: string;
  /** Epoch ms, inclusive. Aggregated queries return every bucket that intersects `[from, to)`, whole. */
  readonly from: number;
  /** Epoch ms, exclusive. */
  readonly to: number;
  readonly interval: Interval;
  /** Ignored for `raw`. */
  readonly agg: Aggregation;
  /** IANA zone of the buckets and of the returned timestamps. */
  readonly tz: string;
  /** Only readings of these qualities; all when absent or empty. */
  readonly quality?: readonly Quality[];
  /** Empty buckets: `none` leaves them out; `null`, `previous`, `linear` return them filled. Ignored for `raw`. */
  readonly fill: Fill;
  /** Points per page, 1..{@link MAX_QUERY_LIMIT}. */
  readonly limit: number;
  /** `nextCursor` of the previous page of the same query. */
  readonly cursor?: string;
}

export interface QueryPage {
  readonly points: Point[];
  /** `null` on the last page. */
  readonly nextCursor: string | null;
}

export interface WriteResult {
  /**
   * Readings now stored, including those that were already stored identically (a replay):
   * `written + rejected.length === readings.length`.
   */
  readonly written: number;
  /** Per reading (index in the input), with a stable code. */
  readonly rejected: Rejection[];
}

export const MAX_QUERY_LIMIT = 10_000;

export interface TelemetryStore {
  /**
   * Stores readings, idempotently: a reading is identified by `sensorId` + `ts`, and writing
   * it again is a no-op. A different value for an already stored identity is rejected with
   * `CONFLICTING_READING` (first write wins). Readings that are not well formed are rejected
   * with `INVALID_READING`; the others are stored regardless.
   */
  write(tenantId: string, readings: readonly Reading[]): Promise<WriteResult>;
  /**
   * One page of a sensor's readings, raw or aggregated into calendar buckets of `tz`.
   * @throws TelemetryQueryError-derived `ValidationFailed` / `InvalidCursor` for a bad query or cursor
   */
  query(tenantId: string, query: TelemetryQuery): Promise<QueryPage>;
  /** The latest stored reading of each sensor that has one (sensors without readings are absent). */
  latest(tenantId: string, sensorIds: readonly string[]): Promise<Map<string, Reading>>;
}
