/**
 * Query benchmark (`npm run bench:query`): one week of one-minute data for one sensor
 * (10 080 readings) written through the DynamoDB telemetry store into a DynamoDB Local of
 * its own, then aggregated to `1h` and `1d` in Europe/Paris, from the rollups (what the API
 * does) and, as a baseline in the same run, from the raw points. A half-hour zone
 * (Asia/Kolkata, served from quarter-hour rollups) is shown for comparison.
 *
 *   npx tsx bench/query.ts [--runs 50] [--warmup 5]
 *
 * Timings are wall-clock around `store.query` (client side, HTTP to DynamoDB Local included).
 */
import { parseArgs } from 'node:util';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TelemetryQuery, TelemetryStore } from '#domain/telemetry/store';
import type { Reading } from '#domain/telemetry/types';
import { localClientConfig, LOCAL_CREDENTIALS, LOCAL_REGION } from '#lib/local/aws-clients';
import { startDynamoDbLocal } from '#lib/local/emulators/dynamodb-local';
import { telemetryTableCreateInput } from '#lib/model/telemetry-table';

const { values: args } = parseArgs({ options: { runs: { type: 'string', default: '50' }, warmup: { type: 'string', default: '5' } } });
const RUNS = Number(args.runs);
const WARMUP = Number(args.warmup);
if (!Number.isInteger(RUNS) || RUNS < 1 || !Number.isInteger(WARMUP) || WARMUP < 0) throw new Error('--runs and --warmup must be integers');

const TABLE = 'bench-telemetry';
const TENANT = 'bench-tenant';
const SENSOR = 'FLOW_BENCH_1';
const MINUTE = 60_000;
const DAY = 86_400_000;

function percentile(sorted: number[], p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] as number;
}

async function time(store: TelemetryStore, query: TelemetryQuery): Promise<{ ms: number[]; points: number }> {
  let points = 0;
  for (let i = 0; i < WARMUP; i++) await store.query(TENANT, query);
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const page = await store.query(TENANT, query);
    ms.push(performance.now() - started);
    points = page.points.length;
    if (page.nextCursor) throw new Error('benchmark query did not fit in one page');
  }
  return { ms: ms.sort((a, b) => a - b), points };
}

async function main(): Promise<void> {
  const ddbLocal = await startDynamoDbLocal();
  try {
    const admin = new DynamoDBClient(localClientConfig(ddbLocal.endpoint));
    await admin.send(new CreateTableCommand(telemetryTableCreateInput(TABLE)));
    admin.destroy();
    Object.assign(process.env, {
      AWS_REGION: LOCAL_REGION,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_DYNAMODB: ddbLocal.endpoint,
      TELEMETRY_TABLE_NAME: TABLE,
      POWERTOOLS_TRACE_ENABLED: 'false',
    });
    const { dynamoDbTelemetryStore: store } = await import('#adapters/telemetry/dynamodb-store');
    const { createDynamoDbTelemetryStore } = await import('#adapters/telemetry/dynamodb-telemetry');
    const rawOnly = createDynamoDbTelemetryStore({
      client: DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(ddbLocal.endpoint))),
      tableName: TABLE,
      useRollups: false,
    });

    // The last complete week, Monday 00:00 Paris to Monday 00:00 Paris, one reading a minute.
    const to = Date.parse(`${new Date(Date.now() - ((new Date().getUTCDay() + 6) % 7) * DAY).toISOString().slice(0, 10)}T00:00:00Z`) - 3_600_000;
    const from = to - 7 * DAY;
    const readings: Reading[] = [];
    for (let ts = from; ts < from + 7 * DAY; ts += MINUTE) {
      const i = readings.length;
      readings.push({ sensorId: SENSOR, ts, value: Math.round((120 + 40 * Math.sin((i / 1440) * 2 * Math.PI) + (i % 13)) * 100) / 100, quality: 'GOOD' });
    }
    const writeStarted = performance.now();
    for (let i = 0; i < readings.length; i += 1000) {
      const result = await store.write(TENANT, readings.slice(i, i + 1000));
      if (result.rejected.length) throw new Error(`rejected: ${JSON.stringify(result.rejected.slice(0, 3))}`);
    }
    const writeSeconds = (performance.now() - writeStarted) / 1000;
    console.log(`wrote ${readings.length} readings in ${writeSeconds.toFixed(1)} s (${Math.round(readings.length / writeSeconds)} readings/s, batches of 1000, DynamoDB Local ${ddbLocal.endpoint})`);
    console.log(`range ${new Date(from).toISOString()} .. ${new Date(to).toISOString()}, ${RUNS} runs after ${WARMUP} warm-up runs\n`);

    const base = { sensorId: SENSOR, from, to, agg: 'avg', tz: 'Europe/Paris', fill: 'none', limit: 1000 } as const;
    const cases: Array<[string, TelemetryStore, TelemetryQuery]> = [
      ['1h Europe/Paris (rollups)', store, { ...base, interval: '1h' }],
      ['1d Europe/Paris (rollups)', store, { ...base, interval: '1d' }],
      ['1d Asia/Kolkata (15-min rollups)', store, { ...base, interval: '1d', tz: 'Asia/Kolkata' }],
      ['1h Europe/Paris (raw-scan baseline)', rawOnly, { ...base, interval: '1h' }],
      ['1d Europe/Paris (raw-scan baseline)', rawOnly, { ...base, interval: '1d' }],
    ];
    console.log(`${'query'.padEnd(38)} ${'points'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'mean ms'.padStart(8)}`);
    for (const [name, target, query] of cases) {
      const { ms, points } = await time(target, query);
      const mean = ms.reduce((s, x) => s + x, 0) / ms.length;
      console.log(`${name.padEnd(38)} ${String(points).padStart(6)} ${percentile(ms, 50).toFixed(1).padStart(8)} ${percentile(ms, 99).toFixed(1).padStart(8)} ${mean.toFixed(1).padStart(8)}`);
    }
  } finally {
    await ddbLocal.stop();
  }
}

await main();
