/**
 * Query benchmark (`npm run bench:query`): one week of one-minute data for one sensor
 * (10 080 readings) written through the DynamoDB telemetry store into a DynamoDB Local of
 * its own, then aggregated to `1h` and `1d` in Europe/Paris, from the rollups (what the API
 * does) and, as a baseline in the same run, from the raw points. A half-hour zone
 * (Asia/Kolkata, served from quarter-hour rollups) is shown for comparison.
 *
 *   npx tsx bench/query.ts [--runs 100] [--baseline-runs 30] [--warmup 5]
 *
 * Timings are wall-clock around `store.query` (client side, HTTP to DynamoDB Local included).
 * Cases are interleaved round by round, so a burst of load on the machine hits them all
 * alike; the load average is printed with the figures.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TelemetryQuery, TelemetryStore } from '#domain/telemetry/store';
import type { Reading } from '#domain/telemetry/types';
import { localClientConfig, LOCAL_CREDENTIALS, LOCAL_REGION } from '#lib/local/emulators/aws-clients';
import { startDynamoDbLocal } from '#lib/local/emulators/dynamodb-local/launcher';
import { telemetryTableCreateInput } from '#lib/model/telemetry-table';

const { values: args } = parseArgs({
  options: { runs: { type: 'string', default: '100' }, 'baseline-runs': { type: 'string', default: '30' }, warmup: { type: 'string', default: '5' } },
});
const RUNS = Number(args.runs);
const BASELINE_RUNS = Math.min(RUNS, Number(args['baseline-runs']));
const WARMUP = Number(args.warmup);
if (![RUNS, BASELINE_RUNS, WARMUP].every((n) => Number.isInteger(n) && n >= 0) || RUNS < 1) throw new Error('--runs, --baseline-runs and --warmup must be integers');

const TABLE = 'bench-telemetry';
const TENANT = 'bench-tenant';
const SENSOR = 'FLOW_BENCH_1';
const MINUTE = 60_000;
const DAY = 86_400_000;

function percentile(sorted: number[], p: number): number {
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] as number;
}

async function timeOnce(store: TelemetryStore, query: TelemetryQuery): Promise<{ ms: number; points: number }> {
  const started = performance.now();
  const page = await store.query(TENANT, query);
  const ms = performance.now() - started;
  if (page.nextCursor) throw new Error('benchmark query did not fit in one page');
  return { ms, points: page.points.length };
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
    console.log(`range ${new Date(from).toISOString()} .. ${new Date(to).toISOString()}, ${WARMUP} warm-up runs per case`);

    const base = { sensorId: SENSOR, from, to, agg: 'avg', tz: 'Europe/Paris', fill: 'none', limit: 1000 } as const;
    const cases: Array<{ name: string; store: TelemetryStore; query: TelemetryQuery; runs: number; ms: number[]; points: number }> = [
      { name: '1h Europe/Paris (rollups)', store, query: { ...base, interval: '1h' }, runs: RUNS, ms: [], points: 0 },
      { name: '1d Europe/Paris (rollups)', store, query: { ...base, interval: '1d' }, runs: RUNS, ms: [], points: 0 },
      { name: '1d Asia/Kolkata (15-min rollups)', store, query: { ...base, interval: '1d', tz: 'Asia/Kolkata' }, runs: RUNS, ms: [], points: 0 },
      { name: '1h Europe/Paris (raw-scan baseline)', store: rawOnly, query: { ...base, interval: '1h' }, runs: BASELINE_RUNS, ms: [], points: 0 },
      { name: '1d Europe/Paris (raw-scan baseline)', store: rawOnly, query: { ...base, interval: '1d' }, runs: BASELINE_RUNS, ms: [], points: 0 },
    ];
    for (const c of cases) for (let i = 0; i < WARMUP; i++) await timeOnce(c.store, c.query);
    for (let round = 0; round < RUNS; round++) {
      for (const c of cases) {
        if (round >= c.runs) continue;
        const { ms, points } = await timeOnce(c.store, c.query);
        c.ms.push(ms);
        c.points = points;
      }
    }
    const [l1, l5] = loadavg();
    console.log(`load average ${l1?.toFixed(1)} / ${l5?.toFixed(1)} (1 / 5 min) on ${cpus().length} CPUs\n`);
    console.log(`${'query'.padEnd(38)} ${'points'.padStart(6)} ${'runs'.padStart(5)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'mean ms'.padStart(8)}`);
    for (const c of cases) {
      const ms = c.ms.sort((a, b) => a - b);
      const mean = ms.reduce((sum, x) => sum + x, 0) / ms.length;
      console.log(
        `${c.name.padEnd(38)} ${String(c.points).padStart(6)} ${String(ms.length).padStart(5)} ${percentile(ms, 50).toFixed(1).padStart(8)} ${percentile(ms, 99).toFixed(1).padStart(8)} ${mean.toFixed(1).padStart(8)}`,
      );
    }
  } finally {
    await ddbLocal.stop();
  }
}

await main();
