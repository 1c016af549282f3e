/**
 * The Timestream adapter against an in-memory Timestream behind aws-sdk-client-mock: the
 * shared behavioural suite, plus the exact requests (batching, multi-measure records,
 * rejected records, throttling, pagination, SQL built from validated values only).
 */
import { QueryCommand, TimestreamQueryClient } from '@aws-sdk/client-timestream-query';
import { TimestreamWriteClient, WriteRecordsCommand, type WriteRecordsCommandInput } from '@aws-sdk/client-timestream-write';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { Reading } from '#domain/telemetry/types';
import { createTimestreamTelemetryStore } from '#adapters/telemetry/timestream-telemetry';
import { rejectionCode } from '#adapters/telemetry/timestream-telemetry';
import { describeTelemetryStore } from './store-suite';
import { TimestreamFake } from './timestream-fake';

const DATABASE = 'hydrant-test';
const TABLE = 'telemetry';
const fake = new TimestreamFake({ database: DATABASE, table: TABLE, pageSize: 7 });
afterAll(() => fake.restore());

describeTelemetryStore('timestream (in-memory fake behind aws-sdk-client-mock)', async () => {
  process.env.TIMESTREAM_DATABASE = DATABASE;
  process.env.TIMESTREAM_TABLE = TABLE;
  process.env.AWS_REGION ??= 'eu-west-1';
  const { timestreamTelemetryStore } = await import('#adapters/telemetry/timestream-store');
  return timestreamTelemetryStore;
});

describe('timestream adapter requests', () => {
  const store = createTimestreamTelemetryStore({
    writeClient: new TimestreamWriteClient({ region: 'eu-west-1' }),
    queryClient: new TimestreamQueryClient({ region: 'eu-west-1' }),
    database: DATABASE,
    table: TABLE,
    backoffBaseMs: 1,
  });
  const t0 = Date.parse('2026-11-01T00:00:00Z');
  const readings = (n: number, sensors = 7): Reading[] =>
    Array.from({ length: n }, (_, i) => ({ sensorId: `S_${i % sensors}`, ts: t0 + Math.floor(i / sensors) * 60_000, value: i, quality: 'GOOD' }));
  const writeInputs = () => fake.writeMock.commandCalls(WriteRecordsCommand).map((c) => c.args[0].input as WriteRecordsCommandInput);

  beforeEach(() => {
    fake.writeMock.resetHistory();
    fake.queryMock.resetHistory();
  });

  it('writes 1000 readings in 10 WriteRecords calls of at most 100 multi-measure records', async () => {
    const result = await store.write('tenant-a', readings(1000));
    expect(result).toEqual({ written: 1000, rejected: [] });
    const inputs = writeInputs();
    expect(inputs).toHaveLength(10);
    for (const input of inputs) {
      expect(input.Records?.length).toBeLessThanOrEqual(100);
      expect(input).toMatchObject({
        DatabaseName: DATABASE,
        TableName: TABLE,
        CommonAttributes: { Dimensions: [{ Name: 'tenant', Value: 'tenant-a', DimensionValueType: 'VARCHAR' }], MeasureName: 'reading', MeasureValueType: 'MULTI', TimeUnit: 'MILLISECONDS' },
      });
      expect(input.Records?.[0]).toEqual({
        Dimensions: [{ Name: 'sensorId', Value: expect.stringMatching(/^S_\d$/), DimensionValueType: 'VARCHAR' }],
        Time: expect.stringMatching(/^\d{13}$/),
        MeasureValues: [
          { Name: 'value', Value: expect.any(String), Type: 'DOUBLE' },
          { Name: 'quality', Value: 'GOOD', Type: 'VARCHAR' },
        ],
      });
    }
  });

  it('puts both dimensions in CommonAttributes when a request holds one sensor, and keeps unit and metadata', async () => {
    await store.write('tenant-a', [{ sensorId: 'PH_ONE', ts: t0, value: 7.25, quality: 'UNCERTAIN', unit: 'pH', metadata: { fw: '1.2' } }]);
    const [input] = writeInputs();
    expect(input?.CommonAttributes?.Dimensions).toEqual([
      { Name: 'tenant', Value: 'tenant-a', DimensionValueType: 'VARCHAR' },
      { Name: 'sensorId', Value: 'PH_ONE', DimensionValueType: 'VARCHAR' },
    ]);
    expect(input?.Records).toEqual([
      {
        Time: String(t0),
        MeasureValues: [
          { Name: 'value', Value: '7.25', Type: 'DOUBLE' },
          { Name: 'quality', Value: 'UNCERTAIN', Type: 'VARCHAR' },
          { Name: 'unit', Value: 'pH', Type: 'VARCHAR' },
          { Name: 'metadata', Value: '{"fw":"1.2"}', Type: 'VARCHAR' },
        ],
      },
    ]);
  });

  it('maps RejectedRecords[].RecordIndex of each request back to the reading index in the batch', async () => {
    const batch = readings(250, 1).map((r) => ({ ...r, sensorId: 'REJ_1', ts: r.ts + 10 * 86_400_000 }));
    await store.write('tenant-r', batch);
    // Replay with other values at 5, 150 and 249, and a malformed reading in front shifting nothing.
    const replay = batch.map((r, i) => ([5, 150, 249].includes(i) ? { ...r, value: -1 } : r));
    const result = await store.write('tenant-r', [{ sensorId: 'bad id', ts: t0, value: 1, quality: 'GOOD' }, ...replay]);
    expect(result.written).toBe(247);
    expect(result.rejected.map((r) => [r.index, r.code])).toEqual([
      [0, 'INVALID_READING'],
      [6, 'CONFLICTING_READING'],
      [151, 'CONFLICTING_READING'],
      [250, 'CONFLICTING_READING'],
    ]);
    expect(result.rejected[1]?.message).toMatch(/same time and dimensions/);
  });

  it('reports records outside the ingestion window as TIMESTAMP_OUT_OF_RANGE and stores the rest', async () => {
    fake.setMemoryRetention(86_400_000, () => t0);
    try {
      const result = await store.write('tenant-o', [
        { sensorId: 'OLD_1', ts: t0 - 2 * 86_400_000, value: 1, quality: 'GOOD' },
        { sensorId: 'OLD_1', ts: t0 - 60_000, value: 2, quality: 'GOOD' },
      ]);
      expect(result).toEqual({ written: 1, rejected: [{ index: 0, code: 'TIMESTAMP_OUT_OF_RANGE', message: expect.stringMatching(/ingestion window/) }] });
    } finally {
      fake.setMemoryRetention(undefined);
    }
    expect(rejectionCode('Record dimensions exceed limits', undefined)).toBe('STORE_REJECTED');
  });

  it('retries ThrottlingException with backoff, then gives up', async () => {
    fake.throttleNextWrites(3);
    const result = await store.write('tenant-th', readings(150));
    expect(result).toEqual({ written: 150, rejected: [] });
    expect(writeInputs()).toHaveLength(2 + 3);
    fake.throttleNextWrites(50);
    await expect(store.write('tenant-th', readings(10))).rejects.toMatchObject({ name: 'ThrottlingException' });
    fake.throttleNextWrites(0);
    fake.throttleNextQueries(2);
    const latest = await store.latest('tenant-th', ['S_0']);
    expect(latest.get('S_0')?.value).toBe(147);
  });

  it('follows NextToken until the result is complete', async () => {
    const many = readings(40, 1).map((r) => ({ ...r, sensorId: 'PAGED_1' }));
    await store.write('tenant-p', many);
    fake.queryMock.resetHistory();
    const page = await store.query('tenant-p', { sensorId: 'PAGED_1', from: t0, to: t0 + 86_400_000, interval: 'raw', agg: 'avg', tz: 'UTC', fill: 'none', limit: 100 });
    expect(page.points).toHaveLength(40);
    const calls = fake.queryMock.commandCalls(QueryCommand).map((c) => c.args[0].input);
    // An empty first page, then ceil(40 / 7) pages of rows.
    expect(calls).toHaveLength(1 + 6);
    expect(calls[0]?.NextToken).toBeUndefined();
    expect(calls.slice(1).every((c) => typeof c.NextToken === 'string' && c.QueryString === calls[0]?.QueryString)).toBe(true);
  });

  it('sends SQL made only of validated values, with bin() for UTC-aligned buckets', async () => {
    fake.queryMock.resetHistory();
    // Whole Paris days (UTC+1 in November) from the one holding `from` to the one holding `to`.
    await store.query('tenant-q', { sensorId: 'PH_001', from: t0, to: t0 + 7 * 86_400_000, interval: '1d', agg: 'avg', tz: 'Europe/Paris', quality: ['GOOD', 'UNCERTAIN'], fill: 'none', limit: 10 });
    const [sql] = fake.queryMock.commandCalls(QueryCommand).map((c) => c.args[0].input.QueryString);
    expect(sql).toBe(
      'SELECT to_milliseconds(bin(time, 1h)) AS slot, count("value") AS n, sum("value") AS s, sum("value" * "value") AS ss, ' +
        'min("value") AS mn, max("value") AS mx, to_milliseconds(min(time)) AS ft, min_by("value", time) AS fv, ' +
        'to_milliseconds(max(time)) AS lt, max_by("value", time) AS lv FROM "hydrant-test"."telemetry" ' +
        `WHERE "tenant" = 'tenant-q' AND "sensorId" = 'PH_001' AND measure_name = 'reading' ` +
        `AND time >= from_milliseconds(${t0 - 3_600_000}) AND time < from_milliseconds(${t0 + 8 * 86_400_000 - 3_600_000}) ` +
        `AND "quality" IN ('GOOD', 'UNCERTAIN') GROUP BY bin(time, 1h) ORDER BY slot ASC`,
    );
    fake.queryMock.resetHistory();
    await store.query('tenant-q', { sensorId: 'PH_001', from: t0, to: t0 + 86_400_000, interval: '1d', agg: 'avg', tz: 'UTC', fill: 'none', limit: 10 });
    expect(fake.queryMock.commandCalls(QueryCommand)[0]?.args[0].input.QueryString).toContain('bin(time, 1d)');
    fake.queryMock.resetHistory();
    await expect(store.query("tenant'--", { sensorId: 'PH_001', from: t0, to: t0 + 1, interval: 'raw', agg: 'avg', tz: 'UTC', fill: 'none', limit: 10 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(fake.queryMock.commandCalls(QueryCommand)).toHaveLength(0);
  });
});

describe('telemetry store selection', () => {
  it('loads the adapter TELEMETRY_STORE names', async () => {
    process.env.TELEMETRY_STORE = 'timestream';
    const [{ telemetryStore }, { timestreamTelemetryStore }] = await Promise.all([
      import('#adapters/telemetry/telemetry-store'),
      import('#adapters/telemetry/timestream-store'),
    ]);
    expect(telemetryStore).toBe(timestreamTelemetryStore);
  });
});
