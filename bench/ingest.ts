/**
 * Ingest benchmark (`npm run bench:ingest`):
 *
 *   npx tsx bench/ingest.ts [--sensors 10] [--batches 30] [--concurrency 4] [--delay-samples 100]
 *                           [--mqtt-messages 10] [--burst 5000] [--steady-rate 2] [--no-mqtt]
 *
 * 1. Store write calls per 1000 readings for the Timestream adapter, counted on
 *    aws-sdk-client-mock through the real ingest use case (target: at most 10).
 * 2. The local stack as a child process (`npx tsx bin/local.ts`, HYDRANT_PORT and
 *    HYDRANT_MQTT_PORT on free ports, its own process group), sensors registered through
 *    the API, then:
 *    - readings/s through `POST /v1/telemetry`: batches of 1000 readings (100 per sensor),
 *      `--concurrency` in flight, every one answered 202 with nothing rejected;
 *    - p50/p99 delay from POST to queryable: one reading posted, then
 *      `GET /v1/sensors/{id}/latest` until it answers that reading;
 *    - through MQTT, when the local IoT broker is there: readings/s from the first publish
 *      until every reading is queryable, and p50/p99 delay from publish to queryable;
 *    - one device's burst beside many devices' steady flow, in the same run: one device
 *      publishes `--burst` QoS-1 messages of one reading each (a 1 kHz capture) as fast as it
 *      can, while the `--sensors` devices each publish `--steady-rate` readings a second;
 *      the burst's readings/s (first publish until all are queryable) and, for both, the
 *      p50/p99 delay from each reading's publish to the first poll that finds it stored
 *      (raw points of the burst polled every 100 ms; each steady sensor's latest).
 * The stack gets SIGINT at the end (its own clean shutdown).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { TimestreamQueryClient } from '@aws-sdk/client-timestream-query';
import { TimestreamWriteClient, WriteRecordsCommand } from '@aws-sdk/client-timestream-write';
import { mockClient } from 'aws-sdk-client-mock';
import { createTimestreamTelemetryStore } from '#adapters/telemetry/timestream-telemetry';
import { ingestReadings } from '#domain/telemetry/ingest';
import type { SensorFacts } from '#domain/telemetry/validation';
import { DEMO_API_KEY, DEMO_PASSWORD } from '#lib/local/bootstrap/demo-data';
import { formatTable, quantile } from './lib/stats';

const ROOT = resolve(import.meta.dirname, '..');
const HOST = '127.0.0.1';
const READY = 'Hydrant local stack ready';

const { values: args } = parseArgs({
  options: {
    sensors: { type: 'string', default: '10' },
    batches: { type: 'string', default: '30' },
    concurrency: { type: 'string', default: '4' },
    'delay-samples': { type: 'string', default: '100' },
    'mqtt-messages': { type: 'string', default: '10' },
    burst: { type: 'string', default: '5000' },
    'steady-rate': { type: 'string', default: '2' },
    'no-mqtt': { type: 'boolean', default: false },
    'ready-timeout': { type: 'string', default: '180' },
  },
});
const SENSORS = Number(args.sensors);
const BATCHES = Number(args.batches);
const CONCURRENCY = Number(args.concurrency);
const DELAY_SAMPLES = Number(args['delay-samples']);
const MQTT_MESSAGES = Number(args['mqtt-messages']);
const BURST = Number(args.burst);
const STEADY_RATE = Number(args['steady-rate']);
if (BURST > 10_000) throw new Error('--burst is at most 10000 (one page of raw points)');
for (const [k, v] of Object.entries({ SENSORS, BATCHES, CONCURRENCY, DELAY_SAMPLES, MQTT_MESSAGES, BURST, STEADY_RATE })) {
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${k.toLowerCase().replace('_', '-')} must be a positive integer`);
}
const PER_SENSOR = Math.floor(1000 / SENSORS);
const BATCH_SIZE = PER_SENSOR * SENSORS;

const fmt = (n: number, digits = 1) => n.toFixed(digits);

// ---- 1. Timestream write calls, on the mock ----------------------------------------------------

async function timestreamWriteCalls(): Promise<Array<[string, string]>> {
  const write = mockClient(TimestreamWriteClient);
  write.on(WriteRecordsCommand).resolves({ RecordsIngested: { Total: 100 } });
  const store = createTimestreamTelemetryStore({
    writeClient: new TimestreamWriteClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
    queryClient: new TimestreamQueryClient({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
    database: 'hydrant_bench',
    table: 'readings',
  });
  const rows: Array<[string, string]> = [];
  for (const sensors of [1, 10, 100]) {
    write.resetHistory();
    const facts = new Map<string, SensorFacts>(Array.from({ length: sensors }, (_, s) => [`FLOW_${s}`, { kind: 'flow', unit: 'm3/h' }]));
    const now = Date.now();
    const readings = Array.from({ length: 1000 }, (_, i) => ({ sensorId: `FLOW_${i % sensors}`, ts: now - 3_600_000 + i * 1000, value: 10 + (i % 7) }));
    const out = await ingestReadings({ sensors: { facts: async () => facts, touch: async () => undefined }, store, now: () => now }, 'bench-tenant', readings);
    if (out.accepted !== 1000) throw new Error(`Timestream mock: ${out.accepted} of 1000 accepted`);
    const calls = write.commandCalls(WriteRecordsCommand);
    const biggest = Math.max(...calls.map((c) => c.args[0].input.Records?.length ?? 0));
    rows.push([`1000 readings of ${sensors} sensor(s)`, `${calls.length} WriteRecords (largest ${biggest} records)`]);
  }
  write.restore();
  return rows;
}

// ---- the local stack -------------------------------------------------------------------------

async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.once('error', rej);
    srv.listen(0, HOST, () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => res(port));
    });
  });
}

interface Stack {
  readonly child: ChildProcess;
  readonly base: string;
}

async function startStack(): Promise<Stack> {
  const [port, mqttPort] = [await freePort(), await freePort()];
  const child = spawn('npx', ['tsx', 'bin/local.ts'], {
    cwd: ROOT,
    env: { ...process.env, HYDRANT_PORT: String(port), HYDRANT_MQTT_PORT: String(mqttPort), HYDRANT_LOG_REQUESTS: '0', POWERTOOLS_LOG_LEVEL: 'ERROR' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so the stop below reaches what we started and nothing else
  });
  const log: string[] = [];
  const started = performance.now();
  await new Promise<void>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`no "${READY}" line after ${args['ready-timeout']} s:\n${log.slice(-20).join('\n')}`)), Number(args['ready-timeout']) * 1000);
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (line.trim()) log.push(line);
        if (line.includes(READY)) {
          clearTimeout(timer);
          res();
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`the stack exited with ${code} before it was ready:\n${log.slice(-30).join('\n')}`));
    });
  });
  console.log(`local stack ready in ${fmt((performance.now() - started) / 1000)} s (pid ${child.pid}, port ${port})`);
  return { child, base: `http://${HOST}:${port}` };
}

async function stopStack(stack: Stack): Promise<void> {
  if (stack.child.exitCode !== null) return;
  const exited = new Promise((r) => stack.child.once('exit', r));
  process.kill(-stack.child.pid!, 'SIGINT');
  const done = await Promise.race([exited.then(() => true), new Promise((r) => setTimeout(() => r(false), 20_000))]);
  if (!done) process.kill(-stack.child.pid!, 'SIGKILL');
}

async function api<T = any>(stack: Stack, method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(`${stack.base}${path}`, {
    method,
    headers: { 'x-api-key': DEMO_API_KEY, ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}

async function login(stack: Stack, username: string): Promise<string> {
  const res = await api(stack, 'POST', '/v1/auth/login', undefined, { username, password: DEMO_PASSWORD });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  return res.body.access_token as string;
}

interface Device {
  readonly id: string;
  readonly mqtt: { url: string; clientId: string; topic: string; certificatePem: string; privateKey: string; caCertificatePem: string };
}

/** Polls `latest` until it answers a reading at `ts` (or newer). */
async function waitQueryable(stack: Stack, token: string, sensorId: string, ts: number, timeoutMs = 15_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const res = await api(stack, 'GET', `/v1/sensors/${sensorId}/latest`, token);
    if (res.status === 200 && res.body.latest && Date.parse(res.body.latest.ts) >= ts) return;
    if (performance.now() > deadline) throw new Error(`reading ${sensorId}@${ts} not queryable after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** Readings of a sensor stored in [from, to), counted by a 1d count aggregate. */
async function storedCount(stack: Stack, token: string, sensorId: string, from: number, to: number): Promise<number> {
  const res = await api(stack, 'GET', `/v1/sensors/${sensorId}/readings?from=${from}&to=${to}&interval=1d&agg=count&limit=100`, token);
  if (res.status !== 200) throw new Error(`count ${sensorId}: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body.points as Array<{ count: number }>).reduce((n, p) => n + p.count, 0);
}

async function httpIngest(stack: Stack, admin: string, sensors: readonly Device[]): Promise<Array<[string, string]>> {
  const base = Date.now() - 5 * 86_400_000;
  const batch = (b: number, from = base) =>
    sensors.flatMap((s, k) => Array.from({ length: PER_SENSOR }, (_, i) => ({ sensorId: s.id, ts: from + (b * PER_SENSOR + i) * 1000 + k, value: 20 + ((b + i) % 30) })));
  // Warm-up: two batches (module loading, connections), not measured, two days earlier
  // (counts below are whole-day aggregates).
  for (const b of [0, 1]) await api(stack, 'POST', '/v1/telemetry', admin, { readings: batch(b, base - 2 * 86_400_000) });

  const latencies: number[] = [];
  let next = 0;
  let accepted = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < BATCHES) {
        const b = next++;
        const t0 = performance.now();
        const res = await api<{ accepted: number; rejected: unknown[] }>(stack, 'POST', '/v1/telemetry', admin, { readings: batch(b) });
        latencies.push(performance.now() - t0);
        if (res.status !== 202 || res.body.rejected.length > 0) throw new Error(`batch ${b}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
        accepted += res.body.accepted;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  // Every reading is really there (the store is the judge, not the 202).
  let stored = 0;
  for (const s of sensors) stored += await storedCount(stack, admin, s.id, base, base + (BATCHES * PER_SENSOR + 10) * 1000);
  if (stored !== BATCHES * BATCH_SIZE) throw new Error(`stored ${stored} readings, expected ${BATCHES * BATCH_SIZE}`);

  const delays: number[] = [];
  for (let i = 0; i < DELAY_SAMPLES; i++) {
    const sensor = sensors[i % sensors.length]!;
    const ts = Date.now() - 1000;
    const t0 = performance.now();
    const res = await api(stack, 'POST', '/v1/telemetry', admin, { readings: [{ sensorId: sensor.id, ts, value: 42 }] });
    if (res.status !== 202 || res.body.accepted !== 1) throw new Error(`delay sample: ${res.status} ${JSON.stringify(res.body)}`);
    await waitQueryable(stack, admin, sensor.id, ts);
    delays.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 2)); // distinct ms timestamps
  }
  return [
    ['HTTP readings/s', `${fmt((accepted / seconds), 0)} (${accepted} readings in ${BATCHES} batches of ${BATCH_SIZE}, ${CONCURRENCY} in flight, ${fmt(seconds)} s; all verified stored)`],
    ['HTTP batch latency p50 / p99', `${fmt(quantile(latencies, 0.5), 0)} / ${fmt(quantile(latencies, 0.99), 0)} ms`],
    ['HTTP POST -> queryable p50 / p99', `${fmt(quantile(delays, 0.5))} / ${fmt(quantile(delays, 0.99))} ms (${DELAY_SAMPLES} single readings, polled with GET .../latest)`],
  ];
}

async function mqttIngest(stack: Stack, admin: string, sensors: readonly Device[]): Promise<Array<[string, string]>> {
  const mqtt = await import('mqtt');
  const clients = await Promise.all(
    sensors.map((s) =>
      mqtt.connectAsync(s.mqtt.url, { clientId: s.mqtt.clientId, cert: s.mqtt.certificatePem, key: s.mqtt.privateKey, ca: s.mqtt.caCertificatePem, rejectUnauthorized: true, reconnectPeriod: 0 }),
    ),
  );
  try {
    const base = Date.now() - 3 * 86_400_000;
    const perMessage = 100;
    const total = sensors.length * MQTT_MESSAGES * perMessage;
    const started = performance.now();
    await Promise.all(
      clients.map(async (client, k) => {
        const sensor = sensors[k]!;
        for (let m = 0; m < MQTT_MESSAGES; m++) {
          const readings = Array.from({ length: perMessage }, (_, i) => ({ ts: base + (m * perMessage + i) * 1000, value: 10 + (i % 9) }));
          await client.publishAsync(sensor.mqtt.topic, JSON.stringify({ readings }), { qos: 1 });
        }
      }),
    );
    const published = performance.now();
    const end = base + MQTT_MESSAGES * perMessage * 1000;
    for (;;) {
      let stored = 0;
      for (const s of sensors) stored += await storedCount(stack, admin, s.id, base, end);
      if (stored >= total) break;
      if (performance.now() - published > 120_000) throw new Error(`MQTT: ${stored} of ${total} readings stored after 120 s`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const seconds = (performance.now() - started) / 1000;

    const delays: number[] = [];
    for (let i = 0; i < Math.min(DELAY_SAMPLES, 50); i++) {
      const k = i % sensors.length;
      const ts = Date.now() - 1000;
      const t0 = performance.now();
      await clients[k]!.publishAsync(sensors[k]!.mqtt.topic, JSON.stringify({ ts, value: 12.5 }), { qos: 1 });
      await waitQueryable(stack, admin, sensors[k]!.id, ts);
      delays.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 2));
    }
    return [
      ['MQTT readings/s (publish -> stored)', `${fmt(total / seconds, 0)} (${total} readings, ${sensors.length} devices x ${MQTT_MESSAGES} messages of ${perMessage}, QoS 1, ${fmt(seconds)} s)`],
      ['MQTT publish -> queryable p50 / p99', `${fmt(quantile(delays, 0.5))} / ${fmt(quantile(delays, 0.99))} ms (${delays.length} single readings)`],
    ];
  } finally {
    await Promise.all(clients.map((c) => c.endAsync()));
  }
}

type MqttClientOf = Awaited<ReturnType<(typeof import('mqtt'))['connectAsync']>>;

async function connectDevice(device: Device): Promise<MqttClientOf> {
  const mqtt = await import('mqtt');
  const m = device.mqtt;
  return mqtt.connectAsync(m.url, { clientId: m.clientId, cert: m.certificatePem, key: m.privateKey, ca: m.caCertificatePem, rejectUnauthorized: true, reconnectPeriod: 0 });
}

/**
 * One device's burst beside the steady flow of the others, in the same run: the burst's
 * readings/s until all are queryable, and each reading's publish -> queryable delay.
 */
async function mqttBurst(stack: Stack, admin: string, burst: Device, steady: readonly Device[]): Promise<Array<[string, string]>> {
  const burstClient = await connectDevice(burst);
  const steadyClients = await Promise.all(steady.map(connectDevice));
  try {
    // The burst's readings 1 ms apart (a 1 kHz capture), ten minutes ago, one reading per message.
    const base = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000;
    const publishedAt = new Map<number, number>();
    const steadySent: Array<{ sensor: number; ts: number; at: number; queryableAt?: number }> = [];
    let steadyRunning = true;
    const steadyLoops = steadyClients.map(async (client, k) => {
      let ts = Date.now() - 1000;
      while (steadyRunning) {
        ts = Math.max(ts + 1, Date.now() - 1000);
        steadySent.push({ sensor: k, ts, at: performance.now() });
        await client.publishAsync(steady[k]!.mqtt.topic, JSON.stringify({ ts, value: 10 + (ts % 7) }), { qos: 1 });
        await new Promise((r) => setTimeout(r, 1000 / STEADY_RATE));
      }
    });
    // The steady sensors' latest, polled: a reading is queryable once latest reaches its time.
    const steadyPoll = (async () => {
      while (steadyRunning || steadySent.some((s) => s.queryableAt === undefined)) {
        await Promise.all(
          steady.map(async (sensor, k) => {
            const res = await api(stack, 'GET', `/v1/sensors/${sensor.id}/latest`, admin);
            const latest = res.status === 200 && res.body.latest ? Date.parse(res.body.latest.ts) : -1;
            const now = performance.now();
            for (const s of steadySent) if (s.sensor === k && s.queryableAt === undefined && s.ts <= latest) s.queryableAt = now;
          }),
        );
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    const started = performance.now();
    await Promise.all(
      Array.from({ length: BURST }, (_, i) => {
        publishedAt.set(base + i, performance.now());
        return burstClient.publishAsync(burst.mqtt.topic, JSON.stringify({ ts: base + i, value: Math.round((3 + Math.sin(i / 50)) * 1000) / 1000 }), { qos: 1 });
      }),
    );
    const publishSeconds = (performance.now() - started) / 1000;
    const seenAt = new Map<number, number>();
    while (seenAt.size < BURST) {
      const res = await api(stack, 'GET', `/v1/sensors/${burst.id}/readings?from=${base}&to=${base + BURST}&interval=raw&limit=10000`, admin);
      if (res.status !== 200) throw new Error(`burst readings: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      const now = performance.now();
      for (const p of res.body.points as Array<{ ts: string }>) if (!seenAt.has(Date.parse(p.ts))) seenAt.set(Date.parse(p.ts), now);
      if (now - started > 300_000) throw new Error(`burst: ${seenAt.size} of ${BURST} readings stored after 300 s`);
      if (seenAt.size < BURST) await new Promise((r) => setTimeout(r, 100));
    }
    const burstSeconds = (performance.now() - started) / 1000;
    steadyRunning = false;
    await Promise.all(steadyLoops);
    await Promise.race([steadyPoll, new Promise((_, rej) => setTimeout(() => rej(new Error('steady readings not all queryable 60 s after the burst')), 60_000))]);
    // Exact: the burst's count from the rollups.
    const counted = await storedCount(stack, admin, burst.id, base, base + BURST);
    if (counted !== BURST) throw new Error(`burst: the rollups count ${counted} readings, ${BURST} were published`);
    const burstDelays = [...seenAt].map(([ts, at]) => at - publishedAt.get(ts)!);
    const steadyDelays = steadySent.map((s) => s.queryableAt! - s.at);
    return [
      ["MQTT one device's burst readings/s (publish -> stored)", `${fmt(BURST / burstSeconds, 0)} (${BURST} QoS-1 messages of 1 reading from one device, published in ${fmt(publishSeconds)} s, all queryable after ${fmt(burstSeconds)} s; rollup count exact)`],
      ['MQTT burst publish -> queryable p50 / p99', `${fmt(quantile(burstDelays, 0.5), 0)} / ${fmt(quantile(burstDelays, 0.99), 0)} ms (raw points polled every 100 ms)`],
      ['MQTT steady flow beside it: publish -> queryable p50 / p99', `${fmt(quantile(steadyDelays, 0.5), 0)} / ${fmt(quantile(steadyDelays, 0.99), 0)} ms (${steadySent.length} readings, ${steady.length} devices x ${STEADY_RATE}/s during the burst; latest polled every 100 ms)`],
    ];
  } finally {
    await Promise.all([burstClient, ...steadyClients].map((c) => c.endAsync()));
  }
}

// ---- main -------------------------------------------------------------------------------------

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  const rows: Array<[string, string]> = (await timestreamWriteCalls()).map(([what, v]) => [`Timestream: ${what}`, v]);
  console.log(formatTable(['measure', 'value'], rows));

  const stack = await startStack();
  const stop = () => void stopStack(stack).finally(() => process.exit(130));
  process.once('SIGINT', stop);
  try {
    const [admin, manager] = [await login(stack, 'admin@hydrant.local'), await login(stack, 'manager@hydrant.local')];
    const site = await api(stack, 'POST', '/v1/sites', manager, { name: `Bench ${Date.now()}`, address: 'Lyon', location: { lat: 45.75, lon: 4.85 } });
    if (site.status !== 201) throw new Error(`site: ${site.status}`);
    const sensors: Device[] = [];
    for (let s = 0; s < SENSORS; s++) {
      const res = await api<Device>(stack, 'POST', '/v1/sensors', manager, { id: `BENCH_${process.pid}_${Date.now()}_${s}`, kind: 'flow', siteId: site.body.id, sampleIntervalSeconds: 1 });
      if (res.status !== 201) throw new Error(`sensor: ${res.status} ${JSON.stringify(res.body)}`);
      sensors.push(res.body);
    }
    rows.push(...(await httpIngest(stack, admin, sensors)));
    const hasMqtt = existsSync(resolve(ROOT, 'lib/local/emulators/iot')) && sensors[0]!.mqtt?.url;
    if (args['no-mqtt']) rows.push(['MQTT', 'skipped (--no-mqtt)']);
    else if (!hasMqtt) rows.push(['MQTT', 'not measured: the local stack has no MQTT broker (lib/local/emulators/iot)']);
    else {
      try {
        rows.push(...(await mqttIngest(stack, admin, sensors)));
      } catch (error) {
        rows.push(['MQTT', `failed: ${(error as Error).message}`]);
      }
      try {
        const burst = await api<Device>(stack, 'POST', '/v1/sensors', manager, { id: `BURST_${process.pid}_${Date.now()}`, kind: 'pressure', siteId: site.body.id, sampleIntervalSeconds: 1 });
        if (burst.status !== 201) throw new Error(`sensor: ${burst.status} ${JSON.stringify(burst.body)}`);
        rows.push(...(await mqttBurst(stack, admin, burst.body, sensors)));
      } catch (error) {
        rows.push(['MQTT burst', `failed: ${(error as Error).message}`]);
      }
    }
  } finally {
    process.off('SIGINT', stop);
    await stopStack(stack);
  }
  console.log(`\n${formatTable(['measure', 'value'], rows)}`);
  console.log(`\nload average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

await main();
