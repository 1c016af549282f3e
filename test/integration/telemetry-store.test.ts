/**
 * The DynamoDB telemetry store against DynamoDB Local (the local stack's instance), in a
 * telemetry table of this file's own created from `lib/model/telemetry-table.ts`: the shared
 * behavioural suite, plus what is specific to this layout (keys, TTL, rollups exactly once
 * under replays and concurrent writers, rollups agreeing with raw points).
 */
import { randomBytes } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TelemetryQuery, TelemetryStore } from '#domain/telemetry/store';
import type { Reading } from '#domain/telemetry/types';
import { TELEMETRY_TABLE_KEYS, telemetryTableCreateInput } from '#lib/model/telemetry-table';
import { describeTelemetryStore } from '../unit/adapters/telemetry/store-suite';

const env = inject('stackEnv');
const tableName = `telemetry-test-${process.pid}-${randomBytes(3).toString('hex')}`;
const ddb = new DynamoDBClient({
  region: env.AWS_REGION,
  endpoint: env.AWS_ENDPOINT_URL_DYNAMODB,
  credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID ?? 'local', secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? 'local' },
});
const doc = DynamoDBDocumentClient.from(ddb);

let created: Promise<void> | undefined;
function createTable(): Promise<void> {
  created ??= (async () => {
    await ddb.send(new CreateTableCommand(telemetryTableCreateInput(tableName)));
    await ddb.send(
      new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: TELEMETRY_TABLE_KEYS.timeToLiveAttribute, Enabled: true } }),
    );
  })();
  return created;
}

async function loadAdapter() {
  await createTable();
  Object.assign(process.env, env, { TELEMETRY_TABLE_NAME: tableName, TELEMETRY_RAW_RETENTION_DAYS: '400' });
  return import('#adapters/telemetry/dynamodb-store');
}

afterAll(async () => {
  await ddb.send(new DeleteTableCommand({ TableName: tableName })).catch(() => {});
  ddb.destroy();
});

describeTelemetryStore('dynamodb (DynamoDB Local)', async () => (await loadAdapter()).dynamoDbTelemetryStore);

describe('dynamodb telemetry layout', () => {
  let store: TelemetryStore;
  let rawOnly: TelemetryStore;
  beforeAll(async () => {
    store = (await loadAdapter()).dynamoDbTelemetryStore;
    const { createDynamoDbTelemetryStore } = await import('#adapters/telemetry/dynamodb-telemetry');
    rawOnly = createDynamoDbTelemetryStore({ client: doc, tableName, useRollups: false });
  });
  const tenant = `t-${randomBytes(4).toString('hex')}`;

  it('keys raw points by tenant, sensor and UTC day, with a TTL from the reading time', async () => {
    const ts = Date.parse('2026-04-02T23:59:30Z');
    await store.write(tenant, [{ sensorId: 'KEYS_1', ts, value: 4.5, quality: 'UNCERTAIN', unit: 'bar', metadata: { fw: '2' } }]);
    const raw = await doc.send(new GetCommand({ TableName: tableName, Key: { PK: `T#${tenant}#S#KEYS_1#2026-04-02`, SK: ts } }));
    expect(raw.Item).toEqual({ PK: `T#${tenant}#S#KEYS_1#2026-04-02`, SK: ts, v: 4.5, q: 'UNCERTAIN', u: 'bar', m: { fw: '2' }, expiresAt: Math.floor(ts / 1000) + 400 * 86_400 });
    const hour = await doc.send(new GetCommand({ TableName: tableName, Key: { PK: `T#${tenant}#S#KEYS_1#H#2026-04`, SK: Date.parse('2026-04-02T23:00:00Z') } }));
    expect(hour.Item).toMatchObject({ ver: 1, U: { n: 1, s: 4.5, ss: 20.25, mn: 4.5, mx: 4.5, ft: ts, fv: 4.5, lt: ts, lv: 4.5 } });
    expect(hour.Item?.expiresAt).toBeUndefined();
    const minute = await doc.send(new GetCommand({ TableName: tableName, Key: { PK: `T#${tenant}#S#KEYS_1#M#2026-04-02`, SK: Date.parse('2026-04-02T23:59:00Z') } }));
    expect(minute.Item?.expiresAt).toBe(Math.floor(Date.parse('2026-04-02T23:59:00Z') / 1000) + 400 * 86_400);
    const quarter = await doc.send(new GetCommand({ TableName: tableName, Key: { PK: `T#${tenant}#S#KEYS_1#Q#2026-04`, SK: Date.parse('2026-04-02T23:45:00Z') } }));
    expect(quarter.Item).toMatchObject({ ver: 1, U: { n: 1, s: 4.5 } });
    expect(quarter.Item?.expiresAt).toBeUndefined();
    const day = await doc.send(new GetCommand({ TableName: tableName, Key: { PK: `T#${tenant}#S#KEYS_1#D#2026`, SK: Date.parse('2026-04-02T00:00:00Z') } }));
    expect(day.Item?.U).toMatchObject({ n: 1 });
    const latest = await doc.send(new GetCommand({ TableName: tableName, Key: { PK: `T#${tenant}#S#KEYS_1#LATEST`, SK: 0 } }));
    expect(latest.Item).toMatchObject({ ts, v: 4.5, q: 'UNCERTAIN' });
    expect((await store.latest(tenant, ['KEYS_1'])).get('KEYS_1')).toEqual({ sensorId: 'KEYS_1', ts, value: 4.5, quality: 'UNCERTAIN', unit: 'bar', metadata: { fw: '2' } });
  });

  it('counts every reading exactly once under concurrent, overlapping writers', async () => {
    const t0 = Date.parse('2026-04-10T10:00:00Z');
    const readings: Reading[] = Array.from({ length: 240 }, (_, i) => ({ sensorId: 'RACE_1', ts: t0 + i * 15_000, value: i % 17, quality: 'GOOD' }));
    const results = await Promise.all([
      store.write(tenant, readings),
      store.write(tenant, readings.slice(60)),
      store.write(tenant, readings.slice(0, 180).reverse()),
      store.write(tenant, readings.filter((_, i) => i % 3 === 0)),
    ]);
    expect(results.map((r) => r.rejected)).toEqual([[], [], [], []]);
    const day = await store.query(tenant, { sensorId: 'RACE_1', from: t0, to: t0 + 1, interval: '1d', agg: 'sum', tz: 'UTC', fill: 'none', limit: 10 });
    expect(day.points).toEqual([{ ts: '2026-04-10T00:00:00.000Z', value: readings.reduce((s, r) => s + r.value, 0), count: 240 }]);
    const raw = await doc.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `T#${tenant}#S#RACE_1#2026-04-10` }, Select: 'COUNT' }));
    expect(raw.Count).toBe(240);
  });

  it("stores one sensor's burst with each rollup item written once per batch, exactly once under replays and concurrent batches", async () => {
    const t0 = Date.parse('2026-04-11T06:00:10Z');
    // 5000 readings in 5 s (1 kHz): one minute, quarter, hour and day rollup.
    const readings: Reading[] = Array.from({ length: 5000 }, (_, i) => ({ sensorId: 'BURST_1', ts: t0 + i, value: (i % 23) - 4, quality: i % 97 === 0 ? 'UNCERTAIN' : 'GOOD' }));
    const minuteKey = { PK: `T#${tenant}#S#BURST_1#M#2026-04-11`, SK: Date.parse('2026-04-11T06:00:00Z') };
    expect((await store.write(tenant, readings.slice(0, 1000))).rejected).toEqual([]);
    // The first batch of 1000 readings wrote the minute rollup once (version 1), not once per transaction of raw points.
    expect((await doc.send(new GetCommand({ TableName: tableName, Key: minuteKey, ConsistentRead: true }))).Item).toMatchObject({ ver: 1, G: { n: 1000 - 11 }, U: { n: 11 } });
    const batches = [1000, 2000, 3000, 4000].map((start) => readings.slice(start, start + 1000));
    // Four batches at once, the first one delivered again meanwhile.
    const results = await Promise.all([...batches.map((b) => store.write(tenant, b)), store.write(tenant, readings.slice(0, 1000))]);
    expect(results.map((r) => [r.written, r.rejected.length])).toEqual([[1000, 0], [1000, 0], [1000, 0], [1000, 0], [1000, 0]]);
    const minute = (await doc.send(new GetCommand({ TableName: tableName, Key: minuteKey, ConsistentRead: true }))).Item!;
    const good = readings.filter((r) => r.quality === 'GOOD');
    expect(minute.G).toMatchObject({ n: good.length, s: good.reduce((s, r) => s + r.value, 0), mn: -4, mx: 18, ft: t0 + 1, lt: t0 + 4999 });
    expect(minute.U.n + minute.G.n).toBe(5000);
    const day = await store.query(tenant, { sensorId: 'BURST_1', from: t0, to: t0 + 1, interval: '1d', agg: 'count', tz: 'UTC', fill: 'none', limit: 10 });
    expect(day.points).toEqual([{ ts: '2026-04-11T00:00:00.000Z', value: 5000, count: 5000 }]);
    const journals = await doc.send(new QueryCommand({ TableName: tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `T#${tenant}#S#BURST_1#J` }, ConsistentRead: true }));
    expect(journals.Items).toEqual([]);
  });

  it('applies the rollup journal a crashed write left behind when the batch is delivered again, counting nothing twice', async () => {
    const { createDynamoDbTelemetryStore } = await import('#adapters/telemetry/dynamodb-telemetry');
    let crashes = 1;
    // A client that dies once, on the transaction that applies the journals (raw points and journals already stored).
    const crashing = {
      send: (command: { input: { TransactItems?: Array<{ Delete?: unknown }> } }) => {
        if (crashes > 0 && command.input.TransactItems?.some((i) => i.Delete)) {
          crashes--;
          return Promise.reject(new Error('execution environment lost'));
        }
        return doc.send(command as never);
      },
    } as unknown as DynamoDBDocumentClient;
    const flaky = createDynamoDbTelemetryStore({ client: crashing, tableName });
    const t0 = Date.parse('2026-04-12T03:00:00Z');
    const readings: Reading[] = Array.from({ length: 300 }, (_, i) => ({ sensorId: 'CRASH_1', ts: t0 + i * 100, value: i, quality: 'GOOD' }));
    await expect(flaky.write(tenant, readings)).rejects.toThrow('execution environment lost');
    const hourKey = { PK: `T#${tenant}#S#CRASH_1#H#2026-04`, SK: t0 };
    expect((await doc.send(new GetCommand({ TableName: tableName, Key: hourKey, ConsistentRead: true }))).Item).toBeUndefined();
    // Redelivered: every raw point is a replay; the pending journals are applied, once.
    expect(await store.write(tenant, readings)).toEqual({ written: 300, rejected: [] });
    expect(await store.write(tenant, readings.slice(0, 10))).toEqual({ written: 10, rejected: [] });
    const hour = (await doc.send(new GetCommand({ TableName: tableName, Key: hourKey, ConsistentRead: true }))).Item!;
    expect(hour.G).toMatchObject({ n: 300, s: (299 * 300) / 2, mn: 0, mx: 299 });
  });

  it('answers from rollups exactly what it answers from raw points', async () => {
    const t0 = Date.parse('2026-03-26T00:00:00Z');
    const readings: Reading[] = Array.from({ length: 8 * 24 * 12 }, (_, i) => ({
      sensorId: 'ROLL_1',
      ts: t0 + i * 5 * 60_000 + (i % 7) * 1000,
      value: Math.round((Math.sin(i / 40) * 3 + 7) * 1000) / 1000,
      quality: i % 11 === 0 ? 'BAD' : 'GOOD',
    }));
    expect((await store.write(tenant, readings)).rejected).toEqual([]);
    const base = { sensorId: 'ROLL_1', from: t0, to: t0 + 8 * 86_400_000, fill: 'null', limit: 1000 } as const;
    const cases: Array<Partial<TelemetryQuery>> = [
      { interval: '1h', agg: 'avg', tz: 'Europe/Paris' },
      { interval: '1d', agg: 'stddev', tz: 'Europe/Paris' },
      { interval: '1d', agg: 'first', tz: 'UTC' },
      { interval: '1d', agg: 'last', tz: 'Asia/Kolkata' },
      { interval: '1w', agg: 'max', tz: 'America/New_York' },
      { interval: '15m', agg: 'min', tz: 'Asia/Kathmandu', quality: ['GOOD'] },
      { interval: '1mo', agg: 'count', tz: 'Europe/Paris', quality: ['BAD'] },
    ];
    for (const c of cases) {
      const query = { ...base, ...c } as TelemetryQuery;
      const fromRollups = await store.query(tenant, query);
      const fromRaw = await rawOnly.query(tenant, query);
      expect(fromRollups.points.length).toBeGreaterThan(0);
      expect(fromRollups.points.map((p) => p.ts)).toEqual(fromRaw.points.map((p) => p.ts));
      fromRollups.points.forEach((p, i) => {
        const r = fromRaw.points[i];
        expect(p.count).toBe(r?.count);
        if (p.value === null) expect(r?.value).toBeNull();
        else expect(p.value).toBeCloseTo(r?.value as number, 9);
      });
    }
  });
});

describe('telemetry store selection', () => {
  it('loads the DynamoDB adapter when TELEMETRY_STORE is dynamodb', async () => {
    const { dynamoDbTelemetryStore } = await loadAdapter();
    process.env.TELEMETRY_STORE = 'dynamodb';
    const { telemetryStore } = await import('#adapters/telemetry/telemetry-store');
    expect(telemetryStore).toBe(dynamoDbTelemetryStore);
  });
});
