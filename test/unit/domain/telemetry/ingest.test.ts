/**
 * The ingest use case with in-memory ports, the mapping of IoT rule events to readings,
 * the readings route's query and cursor, sensor patches, and the telemetry-events
 * message bodies and batches.
 */
import { describe, expect, it, vi } from 'vitest';
import { applySensorPatch, latestOf, newSensor } from '#domain/sensors';
import { groupBySensor, ingestReadings, readingsOfDeviceMessage, type IngestPorts } from '#domain/telemetry/ingest';
import { DEFAULT_RANGE_MS, readingsQuery, wrapCursor } from '#domain/telemetry/readings-query';
import type { TelemetryStore, WriteResult } from '#domain/telemetry/store';
import type { Reading } from '#domain/telemetry/types';
import type { SensorFacts } from '#domain/telemetry/validation';
import { CreateSensorBody } from '#lib/model/schemas/sensors';
import { ReadingsQuery } from '#lib/model/schemas/telemetry';

vi.stubEnv('QUEUE_URL_TELEMETRY_EVENTS', 'http://localhost/000000000000/telemetry-events');
const { batchesOf, telemetryEventBodies, MAX_READINGS_PER_MESSAGE } = await import('#adapters/sqs/telemetry-events');

const NOW = Date.parse('2026-11-21T12:00:00Z');

/** A store that keeps readings by (sensor, ts) and refuses a different value for a stored one. */
function memoryStore(): TelemetryStore & { readonly kept: Map<string, Reading>; writes: number } {
  const kept = new Map<string, Reading>();
  const store = {
    kept,
    writes: 0,
    async write(_tenant: string, readings: readonly Reading[]): Promise<WriteResult> {
      store.writes++;
      const rejected: WriteResult['rejected'] = [];
      readings.forEach((r, index) => {
        const key = `${r.sensorId}@${r.ts}`;
        const old = kept.get(key);
        if (old && old.value !== r.value) rejected.push({ index, code: 'CONFLICTING_READING', message: 'another value is stored' });
        else kept.set(key, r);
      });
      return { written: readings.length - rejected.length, rejected };
    },
    query: async () => ({ points: [], nextCursor: null }),
    latest: async () => new Map(),
  };
  return store;
}

function ports(store = memoryStore()) {
  const facts = new Map<string, SensorFacts>([
    ['PH_1', { kind: 'ph', unit: 'pH' }],
    ['FLOW_1', { kind: 'flow', unit: 'm3/h' }],
  ]);
  const touched: Array<ReadonlyMap<string, number>> = [];
  const published: Array<ReadonlyMap<string, readonly Reading[]>> = [];
  const p: IngestPorts = {
    sensors: {
      facts: async (_t, ids) => new Map([...facts].filter(([id]) => ids.includes(id))),
      touch: async (_t, newest) => void touched.push(newest),
    },
    store,
    events: { publish: async (_t, bySensor) => void published.push(bySensor) },
    now: () => NOW,
  };
  return { p, store, touched, published };
}

describe('ingestReadings', () => {
  const batch = [
    { sensorId: 'PH_1', ts: '2026-11-21T11:00:00Z', value: 7.2 },
    { sensorId: 'NOPE_1', ts: NOW - 1000, value: 1 },
    { sensorId: 'PH_1', ts: NOW - 60_000, value: 15 },
    { sensorId: 'PH_1', ts: NOW + 3_600_000, value: 7 },
    { sensorId: 'PH_1', ts: '2026-11-21T11:00:00.000+00:00', value: 7.3 },
    { sensorId: 'FLOW_1', ts: NOW - 120_000, value: 42, unit: 'm3/h', quality: 'UNCERTAIN' },
    { sensorId: 'FLOW_1', ts: NOW - 60_000, value: 40, unit: 'L/s' },
  ];

  it('keeps the good readings and rejects exactly the bad ones, with their index and code', async () => {
    const { p, store } = ports();
    const out = await ingestReadings(p, 'tenant-1', batch);
    expect(out.accepted).toBe(2);
    expect(out.rejected.map((r) => [r.index, r.code])).toEqual([
      [1, 'UNKNOWN_SENSOR'],
      [2, 'OUT_OF_RANGE'],
      [3, 'FUTURE_TIMESTAMP'],
      [4, 'DUPLICATE'],
      [6, 'UNIT_MISMATCH'],
    ]);
    expect([...store.kept.keys()].sort()).toEqual([`FLOW_1@${NOW - 120_000}`, `PH_1@${Date.parse('2026-11-21T11:00:00Z')}`]);
  });

  it('publishes the stored readings per sensor and moves lastReadingAt to the newest of each', async () => {
    const { p, published, touched } = ports();
    await ingestReadings(p, 'tenant-1', [
      { sensorId: 'PH_1', ts: NOW - 30_000, value: 7.1 },
      { sensorId: 'PH_1', ts: NOW - 90_000, value: 7.0 },
      { sensorId: 'FLOW_1', ts: NOW - 10_000, value: 3 },
    ]);
    expect(published).toHaveLength(1);
    expect([...published[0]!.keys()].sort()).toEqual(['FLOW_1', 'PH_1']);
    expect(published[0]!.get('PH_1')!.map((r) => r.ts)).toEqual([NOW - 90_000, NOW - 30_000]);
    expect(touched).toEqual([new Map([['PH_1', NOW - 30_000], ['FLOW_1', NOW - 10_000]])]);
  });

  it('maps store rejections back to the indices of the request and does not publish them', async () => {
    const { p, store, published } = ports();
    await ingestReadings(p, 't', [{ sensorId: 'PH_1', ts: NOW - 5000, value: 7 }]);
    const out = await ingestReadings(p, 't', [
      { sensorId: 'NOPE_1', ts: NOW, value: 1 },
      { sensorId: 'PH_1', ts: NOW - 5000, value: 8 },
      { sensorId: 'PH_1', ts: NOW - 4000, value: 8 },
    ]);
    expect(out.accepted).toBe(1);
    expect(out.rejected.map((r) => [r.index, r.code])).toEqual([
      [0, 'UNKNOWN_SENSOR'],
      [1, 'CONFLICTING_READING'],
    ]);
    expect(published[1]!.get('PH_1')!.map((r) => r.value)).toEqual([8]);
    expect(store.kept.get(`PH_1@${NOW - 5000}`)!.value).toBe(7);
  });

  it('neither writes, publishes nor touches when nothing is valid', async () => {
    const { p, store, published, touched } = ports();
    const out = await ingestReadings(p, 't', [{ sensorId: 'PH_1', ts: 'yesterday', value: 7 }]);
    expect(out).toMatchObject({ accepted: 0, rejected: [{ index: 0, code: 'INVALID_READING' }] });
    expect([store.writes, published.length, touched.length]).toEqual([0, 0, 0]);
  });

  it('rejects what no store can keep: huge or tiny values, empty metadata keys, huge metadata numbers', async () => {
    const { p, store } = ports();
    const out = await ingestReadings(p, 't', [
      { sensorId: 'FLOW_1', ts: NOW - 4000, value: 1e20 },
      { sensorId: 'FLOW_1', ts: NOW - 3000, value: 1e-200 },
      { sensorId: 'FLOW_1', ts: NOW - 2000, value: 3, metadata: { '': 1 } },
      { sensorId: 'FLOW_1', ts: NOW - 1000, value: 3, metadata: { gain: [1, 2e300] } },
      { sensorId: 'FLOW_1', ts: NOW, value: 3, metadata: { gain: [1, 2.5], site: { floor: -1 } } },
    ]);
    expect(out.rejected.map((r) => [r.index, r.code])).toEqual([
      [0, 'INVALID_READING'],
      [1, 'INVALID_READING'],
      [2, 'INVALID_READING'],
      [3, 'INVALID_READING'],
    ]);
    expect([...store.kept.keys()]).toEqual([`FLOW_1@${NOW}`]);
  });

  it('propagates a store failure (the caller retries; the store is idempotent)', async () => {
    const { p } = ports({ ...memoryStore(), write: async () => Promise.reject(new Error('throttled')) } as never);
    await expect(ingestReadings(p, 't', [{ sensorId: 'PH_1', ts: NOW, value: 7 }])).rejects.toThrow('throttled');
  });
});

describe('readingsOfDeviceMessage', () => {
  it('reads one reading, with the sensor id of the topic', () => {
    expect(readingsOfDeviceMessage({ sensorId: 'PH_1', receivedAt: NOW, ts: '2026-11-21T11:00:00Z', value: 7.1, quality: 'GOOD' })).toEqual({
      sensorId: 'PH_1',
      readings: [{ sensorId: 'PH_1', ts: '2026-11-21T11:00:00Z', value: 7.1, quality: 'GOOD' }],
    });
  });

  it('reads a batch and never lets a payload speak for another sensor', () => {
    const out = readingsOfDeviceMessage({ sensorId: 'PH_1', receivedAt: NOW, readings: [{ sensorId: 'OTHER', ts: 1, value: 2, unit: 'pH' }, 'junk'] });
    expect(out.readings).toEqual([
      { sensorId: 'PH_1', ts: 1, value: 2, unit: 'pH' },
      { sensorId: 'PH_1', ts: undefined, value: undefined },
    ]);
  });

  it('tolerates junk events', () => {
    expect(readingsOfDeviceMessage(null)).toEqual({ sensorId: undefined, readings: [] });
    expect(readingsOfDeviceMessage({ value: 1 }).sensorId).toBeUndefined();
  });
});

describe('readings query', () => {
  const parse = (q: Record<string, string>) => ReadingsQuery.parse(q);

  it('defaults to the last 24 hours, raw, avg, UTC, no fill', () => {
    const q = readingsQuery('PH_1', parse({}), NOW)!;
    expect(q).toEqual({ sensorId: 'PH_1', from: NOW - DEFAULT_RANGE_MS, to: NOW, interval: 'raw', agg: 'avg', tz: 'UTC', fill: 'none', limit: 1000 });
  });

  it('parses instants, qualities and zones, and refuses unknown zones and qualities', () => {
    const q = readingsQuery('PH_1', parse({ from: '2026-11-20T00:00:00+01:00', to: String(NOW), quality: 'GOOD,UNCERTAIN', tz: 'Europe/Paris', interval: '1d' }), NOW)!;
    expect(q).toMatchObject({ from: Date.parse('2026-11-19T23:00:00Z'), to: NOW, quality: ['GOOD', 'UNCERTAIN'], tz: 'Europe/Paris', interval: '1d' });
    expect(ReadingsQuery.safeParse({ tz: 'Mars/Olympus' }).success).toBe(false);
    expect(ReadingsQuery.safeParse({ quality: 'GOOD,EXCELLENT' }).success).toBe(false);
    expect(ReadingsQuery.safeParse({ from: '21/11/2026' }).success).toBe(false);
    expect(ReadingsQuery.safeParse({ limit: '10001' }).success).toBe(false);
  });

  it('resumes the range of the page a cursor came from, whatever the clock says now', () => {
    const first = readingsQuery('PH_1', parse({}), NOW)!;
    const cursor = wrapCursor(first, 'store-cursor');
    const next = readingsQuery('PH_1', parse({ cursor }), NOW + 3_600_000)!;
    expect(next).toMatchObject({ from: first.from, to: first.to, cursor: 'store-cursor' });
    expect(readingsQuery('PH_1', parse({ cursor: 'not-a-cursor!' }), NOW)).toBeUndefined();
    expect(readingsQuery('PH_1', parse({ cursor: Buffer.from('{"f":1}').toString('base64url') }), NOW)).toBeUndefined();
  });
});

describe('sensors', () => {
  const sensor = newSensor({ id: 'PH_1', kind: 'ph', siteId: 'SITE_A', assetId: 'ASSET_A', sampleIntervalSeconds: 60, status: 'active' }, 'CLIENT_A', '2026-11-21T00:00:00.000Z');

  it('take the unit of their kind and their site\'s client', () => {
    expect(sensor).toMatchObject({ unit: 'pH', clientId: 'CLIENT_A', version: 1, lastReadingAt: null });
  });

  it('refuse a unit that is not their kind\'s', () => {
    const body = { id: 'PH_1', kind: 'ph', siteId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B' };
    expect(CreateSensorBody.safeParse({ ...body, unit: 'pH' }).success).toBe(true);
    const wrong = CreateSensorBody.safeParse({ ...body, unit: 'mg/L' });
    expect(wrong.success).toBe(false);
    expect(wrong.error!.issues[0]).toMatchObject({ path: ['unit'], message: 'a ph sensor reports in pH' });
    expect(CreateSensorBody.safeParse({ ...body, id: 'ph-1' }).success).toBe(false);
  });

  it('leave their asset when they move to another site, and take its client', () => {
    const moved = applySensorPatch(sensor, { siteId: 'SITE_B' }, null, '2026-11-22T00:00:00.000Z');
    expect(moved).toMatchObject({ siteId: 'SITE_B', assetId: null, clientId: null, version: 2, updatedAt: '2026-11-22T00:00:00.000Z' });
    expect(applySensorPatch(sensor, { status: 'maintenance' }, 'CLIENT_A', 'x')).toMatchObject({ assetId: 'ASSET_A', status: 'maintenance' });
  });

  it('answer their latest reading in UTC, or null', () => {
    expect(latestOf(sensor, { ts: NOW, value: 7, quality: 'GOOD' })).toEqual({ sensorId: 'PH_1', kind: 'ph', unit: 'pH', latest: { ts: '2026-11-21T12:00:00.000Z', value: 7, quality: 'GOOD' } });
    expect(latestOf(sensor, undefined).latest).toBeNull();
  });
});

describe('telemetry-events messages', () => {
  const readings = (n: number, sensorId = 'PH_1'): Reading[] => Array.from({ length: n }, (_, i) => ({ sensorId, ts: NOW + i, value: 7, quality: 'GOOD' as const }));

  it('are one per sensor with the readings in epoch ms, chunked', () => {
    const bodies = telemetryEventBodies(groupBySensor([...readings(2), ...readings(MAX_READINGS_PER_MESSAGE + 1, 'FLOW_1')]));
    expect(bodies.map((b) => JSON.parse(b).sensorId)).toEqual(['PH_1', 'FLOW_1', 'FLOW_1']);
    expect(JSON.parse(bodies[0]!)).toEqual({ sensorId: 'PH_1', readings: [{ ts: NOW, value: 7, quality: 'GOOD' }, { ts: NOW + 1, value: 7, quality: 'GOOD' }] });
    expect(JSON.parse(bodies[2]!).readings).toHaveLength(1);
  });

  it('are sent at most 10 per call and under the batch size limit', () => {
    expect(batchesOf(Array.from({ length: 23 }, () => 'x')).map((b) => b.length)).toEqual([10, 10, 3]);
    const big = 'y'.repeat(90_000);
    expect(batchesOf([big, big, big]).map((b) => b.length)).toEqual([2, 1]);
  });
});

describe('ingest on the Timestream store (aws-sdk-client-mock)', () => {
  it('makes at most 10 WriteRecords calls per 1000 readings, whatever the number of sensors', async () => {
    const { TimestreamWriteClient, WriteRecordsCommand } = await import('@aws-sdk/client-timestream-write');
    const { TimestreamQueryClient } = await import('@aws-sdk/client-timestream-query');
    const { mockClient } = await import('aws-sdk-client-mock');
    const { createTimestreamTelemetryStore } = await import('#adapters/telemetry/timestream-telemetry');
    const mock = mockClient(TimestreamWriteClient);
    mock.on(WriteRecordsCommand).resolves({});
    const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };
    const store = createTimestreamTelemetryStore({
      writeClient: new TimestreamWriteClient({ region: 'eu-west-1', credentials }),
      queryClient: new TimestreamQueryClient({ region: 'eu-west-1', credentials }),
      database: 'hydrant_test',
      table: 'readings',
    });
    try {
      for (const sensors of [1, 7, 100]) {
        mock.resetHistory();
        const facts = new Map(Array.from({ length: sensors }, (_, s) => [`FLOW_${s}`, { kind: 'flow' as const, unit: 'm3/h' }]));
        const readings = Array.from({ length: 1000 }, (_, i) => ({ sensorId: `FLOW_${i % sensors}`, ts: NOW - 3_600_000 + i * 1000, value: i }));
        const out = await ingestReadings({ sensors: { facts: async () => facts, touch: async () => undefined }, store, now: () => NOW }, 't', readings);
        expect(out.accepted).toBe(1000);
        const calls = mock.commandCalls(WriteRecordsCommand);
        expect(calls.length, `${sensors} sensors`).toBeLessThanOrEqual(10);
        expect(calls.reduce((n, c) => n + (c.args[0].input.Records?.length ?? 0), 0)).toBe(1000);
      }
    } finally {
      mock.restore();
    }
  });
});
