/**
 * The Timestream for LiveAnalytics telemetry store.
 *
 * Writes: one multi-measure record per reading (`value` DOUBLE, `quality` VARCHAR, optional
 * `unit`, `metadata`), at most 100 records per WriteRecords, with CommonAttributes holding
 * the `tenant` dimension, measure name, type and time unit (and `sensorId` too when the
 * whole request is one sensor's). Identical replays are accepted by Timestream as no-ops;
 * a different value for the same sensor and time is rejected by it, which we report as
 * `CONFLICTING_READING`. RejectedRecordsException is mapped back to reading indices; other
 * records of the request are stored. ThrottlingException is retried with exponential
 * backoff and jitter (on top of the SDK's own attempts).
 *
 * Queries: raw readings with `ORDER BY time LIMIT`, aggregates as mergeable partials per
 * UTC `bin()` (1d, 1h, 15m, 5m or 1m: the coarsest that tiles the buckets of the query's
 * zone), merged into calendar buckets of the zone in code by the shared engine. Doing the
 * zone arithmetic in code rather than with Timestream's time-zone functions keeps the two
 * stores' answers identical by construction (same engine, same DST rules from Intl) and
 * the SQL small; the cost is returning hourly rows instead of daily ones (168 rows for a
 * week). Every query follows NextToken until the result is complete.
 */
import {
  RejectedRecordsException,
  ThrottlingException,
  WriteRecordsCommand,
  type _Record,
  type TimestreamWriteClient,
} from '@aws-sdk/client-timestream-write';
import { QueryCommand, type TimestreamQueryClient, type Row, type ColumnInfo } from '@aws-sdk/client-timestream-query';
import { partialOf } from '#domain/telemetry/partials';
import { aggregatePage, checkQuery, qualityFilter, rawPage, TENANT_ID_PATTERN, type TimedPartial } from '#domain/telemetry/query';
import type { QueryPage, TelemetryQuery, TelemetryStore, WriteResult } from '#domain/telemetry/store';
import { SENSOR_ID_PATTERN, type Quality, type Reading } from '#domain/telemetry/types';
import { uniqueReadings, type Rejection, type RejectionCode } from '#domain/telemetry/validation';
import { backoffMs, sleep } from './backoff';
import { withQueryErrors } from './query-errors';
import { BIN_LITERALS, binnedPartialsSql, latestSql, MEASURE_NAME, rawReadingsSql, type SeriesFilter } from './timestream-sql';

export interface TimestreamTelemetryOptions {
  readonly writeClient: TimestreamWriteClient;
  readonly queryClient: TimestreamQueryClient;
  readonly database: string;
  readonly table: string;
  /**
   * Attempts of a throttled WriteRecords or Query before giving up.
   * @default 6
   */
  readonly maxThrottleAttempts?: number;
  /**
   * First backoff step, in ms (doubles each attempt, full jitter).
   * @default 50
   */
  readonly backoffBaseMs?: number;
  /**
   * WriteRecords calls in flight for one `write`.
   * @default 4
   */
  readonly writeConcurrency?: number;
}

/** Timestream's limit of records per WriteRecords request. */
export const MAX_RECORDS_PER_WRITE = 100;
const LATEST_SENSORS_PER_QUERY = 100;

export function createTimestreamTelemetryStore(options: TimestreamTelemetryOptions): TelemetryStore {
  const { writeClient, queryClient, database, table } = options;
  const maxAttempts = options.maxThrottleAttempts ?? 6;
  const baseMs = options.backoffBaseMs ?? 50;
  const concurrency = options.writeConcurrency ?? 4;

  async function throttled<T>(call: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        const isThrottle = error instanceof ThrottlingException || (error as { name?: string })?.name === 'ThrottlingException';
        if (!isThrottle || attempt + 1 >= maxAttempts) throw error;
        await sleep(backoffMs(attempt, baseMs));
      }
    }
  }

  async function write(tenantId: string, readings: readonly Reading[]): Promise<WriteResult> {
    assertTenant(tenantId);
    const { entries, repeats, rejected } = uniqueReadings(readings);
    let written = repeats;

    const chunks: Array<typeof entries> = [];
    for (let i = 0; i < entries.length; i += MAX_RECORDS_PER_WRITE) chunks.push(entries.slice(i, i + MAX_RECORDS_PER_WRITE));
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(concurrency, chunks.length) }, async () => {
        while (next < chunks.length) {
          const chunk = chunks[next++] as typeof entries;
          const failed = await writeChunk(tenantId, chunk);
          written += chunk.length - failed.length;
          rejected.push(...failed);
        }
      }),
    );
    rejected.sort((a, b) => a.index - b.index);
    return { written, rejected };
  }

  async function writeChunk(tenantId: string, chunk: Array<{ index: number; reading: Reading }>): Promise<Rejection[]> {
    const sensorIds = new Set(chunk.map((e) => e.reading.sensorId));
    const oneSensor = sensorIds.size === 1 ? [...sensorIds][0] : undefined;
    const records: _Record[] = chunk.map(({ reading }) => ({
      ...(oneSensor ? {} : { Dimensions: [{ Name: 'sensorId', Value: reading.sensorId, DimensionValueType: 'VARCHAR' }] }),
      Time: String(reading.ts),
      MeasureValues: [
        { Name: 'value', Value: String(reading.value), Type: 'DOUBLE' },
        { Name: 'quality', Value: reading.quality, Type: 'VARCHAR' },
        ...(reading.unit !== undefined ? [{ Name: 'unit', Value: reading.unit, Type: 'VARCHAR' as const }] : []),
        ...(reading.metadata !== undefined ? [{ Name: 'metadata', Value: JSON.stringify(reading.metadata), Type: 'VARCHAR' as const }] : []),
      ],
    }));
    const command = new WriteRecordsCommand({
      DatabaseName: database,
      TableName: table,
      CommonAttributes: {
        Dimensions: [
          { Name: 'tenant', Value: tenantId, DimensionValueType: 'VARCHAR' },
          ...(oneSensor ? [{ Name: 'sensorId', Value: oneSensor, DimensionValueType: 'VARCHAR' as const }] : []),
        ],
        MeasureName: MEASURE_NAME,
        MeasureValueType: 'MULTI',
        TimeUnit: 'MILLISECONDS',
      },
      Records: records,
    });
    try {
      await throttled(() => writeClient.send(command));
      return [];
    } catch (error) {
      if (!(error instanceof RejectedRecordsException) && (error as { name?: string })?.name !== 'RejectedRecordsException') throw error;
      const rejectedRecords = (error as RejectedRecordsException).RejectedRecords ?? [];
      return rejectedRecords.flatMap((r) => {
        const entry = r.RecordIndex === undefined ? undefined : chunk[r.RecordIndex];
        if (!entry) return [];
        return [{ index: entry.index, code: rejectionCode(r.Reason, r.ExistingVersion), message: r.Reason ?? 'rejected by Timestream' }];
      });
    }
  }

  /** Runs a query to completion, following NextToken; rows as objects keyed by column name. */
  async function run(sql: string): Promise<Array<Record<string, string | null>>> {
    const rows: Array<Record<string, string | null>> = [];
    let nextToken: string | undefined;
    do {
      const out = await throttled(() => queryClient.send(new QueryCommand({ QueryString: sql, NextToken: nextToken })));
      const columns = (out.ColumnInfo ?? []).map((c: ColumnInfo) => c.Name ?? '');
      for (const row of out.Rows ?? []) rows.push(rowObject(columns, row));
      nextToken = out.NextToken;
    } while (nextToken);
    return rows;
  }

  async function query(tenantId: string, q: TelemetryQuery): Promise<QueryPage> {
    return withQueryErrors(async () => {
      checkQuery(tenantId, q);
      const qualities = qualityFilter(q);
      const filter = (from: number, to: number): SeriesFilter => ({ database, table, tenantId, sensorId: q.sensorId, from, to, ...(qualities ? { qualities } : {}) });
      if (q.interval === 'raw') {
        return rawPage(tenantId, q, async (from, to, limit) => {
          const rows = await run(rawReadingsSql(filter(from, to), limit));
          return { readings: rows.map((r) => ({ sensorId: q.sensorId, ts: num(r.ts), value: num(r.v), quality: r.q as Quality })) };
        });
      }
      return aggregatePage(tenantId, q, [...BIN_LITERALS.keys()], async (step, from, to): Promise<TimedPartial[]> => {
        if (step === 0) {
          const rows = await run(rawReadingsSql(filter(from, to)));
          return rows.map((r) => ({ ts: num(r.ts), partial: partialOf(num(r.ts), num(r.v)) }));
        }
        const rows = await run(binnedPartialsSql(filter(from, to), step));
        return rows.map((r) => ({
          ts: num(r.slot),
          partial: { count: num(r.n), sum: num(r.s), sumSquares: num(r.ss), min: num(r.mn), max: num(r.mx), firstTs: num(r.ft), first: num(r.fv), lastTs: num(r.lt), last: num(r.lv) },
        }));
      });
    });
  }

  async function latest(tenantId: string, sensorIds: readonly string[]): Promise<Map<string, Reading>> {
    assertTenant(tenantId);
    const ids = [...new Set(sensorIds)].filter((id) => SENSOR_ID_PATTERN.test(id));
    const out = new Map<string, Reading>();
    for (let i = 0; i < ids.length; i += LATEST_SENSORS_PER_QUERY) {
      const rows = await run(latestSql(database, table, tenantId, ids.slice(i, i + LATEST_SENSORS_PER_QUERY)));
      for (const r of rows) {
        if (r.sid === null || r.sid === undefined || r.ts === null) continue;
        out.set(r.sid, { sensorId: r.sid, ts: num(r.ts), value: num(r.v), quality: r.q as Quality });
      }
    }
    return out;
  }

  return { write, query, latest };
}

function rowObject(columns: string[], row: Row): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  (row.Data ?? []).forEach((datum, i) => {
    out[columns[i] ?? String(i)] = datum.NullValue ? null : (datum.ScalarValue ?? null);
  });
  return out;
}

function num(text: string | null | undefined): number {
  const n = Number(text);
  if (text === null || text === undefined || !Number.isFinite(n)) throw new Error(`Timestream returned a non-numeric value where a number was expected: ${text}`);
  return n;
}

/** Maps Timestream's free-text rejection reasons to our stable codes. */
export function rejectionCode(reason: string | undefined, existingVersion: number | undefined): RejectionCode {
  const text = reason ?? '';
  if (existingVersion !== undefined || /same (time|dimension)|duplicate|already exists|different measure/i.test(text)) return 'CONFLICTING_READING';
  if (/retention|time range|outside|ingestion window|too old|future/i.test(text)) return 'TIMESTAMP_OUT_OF_RANGE';
  return 'STORE_REJECTED';
}

function assertTenant(tenantId: string): void {
  if (!TENANT_ID_PATTERN.test(tenantId)) throw new Error('telemetry store: invalid tenant id');
}
