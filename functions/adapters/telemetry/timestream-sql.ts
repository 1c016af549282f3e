/**
 * The SQL the Timestream adapter sends, built only from validated values: tenant and
 * sensor ids are checked against their patterns (and quoted with `'` doubled anyway),
 * qualities against their enumeration, instants are safe integers, bin sizes come from
 * a fixed table, and database and table names are validated at cold start.
 *
 * Record layout: one multi-measure record per reading, measure name `reading`, measures
 * `value` (DOUBLE), `quality` (VARCHAR) and, when given, `unit` (VARCHAR) and `metadata`
 * (VARCHAR, JSON); dimensions `tenant` and `sensorId`.
 */
import { DAY_MS, HOUR_MS, MINUTE_MS, TENANT_ID_PATTERN } from '#domain/telemetry/query';
import { QUALITIES, SENSOR_ID_PATTERN } from '#domain/telemetry/types';

export const MEASURE_NAME = 'reading';
export const TIMESTREAM_NAME_PATTERN = /^[A-Za-z0-9_.-]{3,256}$/;

/** Bin sizes the adapter lets Timestream aggregate by (UTC-aligned), coarsest first. */
export const BIN_LITERALS: ReadonlyMap<number, string> = new Map([
  [DAY_MS, '1d'],
  [HOUR_MS, '1h'],
  [15 * MINUTE_MS, '15m'],
  [5 * MINUTE_MS, '5m'],
  [MINUTE_MS, '1m'],
]);

export interface SeriesFilter {
  readonly database: string;
  readonly table: string;
  readonly tenantId: string;
  readonly sensorId: string;
  /** Epoch ms, inclusive. */
  readonly from: number;
  /** Epoch ms, exclusive. */
  readonly to: number;
  readonly qualities?: readonly string[];
}

const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;
const identifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;

function source(database: string, table: string): string {
  if (!TIMESTREAM_NAME_PATTERN.test(database) || !TIMESTREAM_NAME_PATTERN.test(table)) throw new Error('invalid Timestream database or table name');
  return `${identifier(database)}.${identifier(table)}`;
}

function where(f: SeriesFilter): string {
  if (!TENANT_ID_PATTERN.test(f.tenantId)) throw new Error('invalid tenant id');
  if (!SENSOR_ID_PATTERN.test(f.sensorId)) throw new Error('invalid sensor id');
  if (!Number.isSafeInteger(f.from) || !Number.isSafeInteger(f.to)) throw new Error('invalid time range');
  const conditions = [
    `"tenant" = ${literal(f.tenantId)}`,
    `"sensorId" = ${literal(f.sensorId)}`,
    `measure_name = ${literal(MEASURE_NAME)}`,
    `time >= from_milliseconds(${f.from})`,
    `time < from_milliseconds(${f.to})`,
  ];
  if (f.qualities && f.qualities.length > 0) {
    if (!f.qualities.every((q) => (QUALITIES as readonly string[]).includes(q))) throw new Error('invalid quality');
    conditions.push(`"quality" IN (${f.qualities.map(literal).join(', ')})`);
  }
  return conditions.join(' AND ');
}

/** Raw readings, ascending, at most `limit` (all without). Columns: ts (BIGINT), v (DOUBLE), q (VARCHAR). */
export function rawReadingsSql(f: SeriesFilter, limit?: number): string {
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1)) throw new Error('invalid limit');
  return (
    `SELECT to_milliseconds(time) AS ts, "value" AS v, "quality" AS q ` +
    `FROM ${source(f.database, f.table)} WHERE ${where(f)} ORDER BY time ASC${limit === undefined ? '' : ` LIMIT ${limit}`}`
  );
}

/**
 * Mergeable partials per UTC bin of `step` ms. Columns: slot, n, ft, lt (BIGINT); s, ss, mn, mx, fv, lv (DOUBLE).
 */
export function binnedPartialsSql(f: SeriesFilter, step: number): string {
  const bin = BIN_LITERALS.get(step);
  if (!bin) throw new Error(`no bin for a step of ${step} ms`);
  return (
    `SELECT to_milliseconds(bin(time, ${bin})) AS slot, count("value") AS n, sum("value") AS s, ` +
    `sum("value" * "value") AS ss, min("value") AS mn, max("value") AS mx, ` +
    `to_milliseconds(min(time)) AS ft, min_by("value", time) AS fv, ` +
    `to_milliseconds(max(time)) AS lt, max_by("value", time) AS lv ` +
    `FROM ${source(f.database, f.table)} WHERE ${where(f)} GROUP BY bin(time, ${bin}) ORDER BY slot ASC`
  );
}

/**
 * The latest reading of each sensor. Columns: sid (VARCHAR), ts (BIGINT), v (DOUBLE), q (VARCHAR).
 * No time predicate: Timestream scans the sensors' whole history (see the adapter's notes).
 */
export function latestSql(database: string, table: string, tenantId: string, sensorIds: readonly string[]): string {
  if (!TENANT_ID_PATTERN.test(tenantId)) throw new Error('invalid tenant id');
  if (sensorIds.length === 0 || !sensorIds.every((id) => SENSOR_ID_PATTERN.test(id))) throw new Error('invalid sensor ids');
  return (
    `SELECT "sensorId" AS sid, to_milliseconds(max(time)) AS ts, max_by("value", time) AS v, ` +
    `max_by("quality", time) AS q FROM ${source(database, table)} ` +
    `WHERE "tenant" = ${literal(tenantId)} AND measure_name = ${literal(MEASURE_NAME)} ` +
    `AND "sensorId" IN (${sensorIds.map(literal).join(', ')}) GROUP BY "sensorId"`
  );
}
