/**
 * Live updates benchmark (`npm run bench:live`):
 *
 *   npx tsx bench/live.ts [--readings 40]
 *
 * The local stack in this process (port 0, demo data), a manager connected to the live
 * WebSocket API, an Acme pH sensor with a threshold rule (above 8.5, deadband 0.3). Then
 * `--readings` readings posted one at a time to /v1/telemetry, alternately above and below
 * the threshold, so each one raises or clears the alert. For each, from the POST:
 *   baseline  the alert stored in its new state (GET /v1/alerts polled every 10 ms):
 *             IoT-shaped queue -> evaluator -> DynamoDB;
 *   live      its `alert.raised` / `alert.cleared` message on the manager's WebSocket:
 *             the baseline, then the table's stream -> outbox relay -> live-updates queue ->
 *             worker -> PostToConnection -> the emulator -> the client.
 * Prints p50/p99 of each and of the difference (what the live path adds).
 */
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { ACME_CLIENT_ID } from '#lib/local/bootstrap/demo-data';
import { startLocalStack } from '#lib/local/runtime/stack';
import { apiCall, demoToken } from './lib/local-api';
import { formatTable, quantile } from './lib/stats';

const { values: args } = parseArgs({ options: { readings: { type: 'string', default: '40' } } });
const total = Number(args.readings);

const stack = await startLocalStack({ port: 0 });
let socket: WebSocket | undefined;
try {
  const [manager, admin] = await Promise.all([demoToken(stack.apiUrl, 'manager@hydrant.local'), demoToken(stack.apiUrl, 'admin@hydrant.local')]);
  const arrivals = new Map<string, number>();
  socket = new WebSocket(`${stack.live.url}?token=${encodeURIComponent(manager)}`);
  await new Promise<void>((resolve, reject) => {
    socket!.once('open', () => resolve());
    socket!.once('error', reject);
  });
  socket.on('message', (data) => {
    const at = performance.now();
    const m = JSON.parse(data.toString()) as { type: string; data: { raisedBy?: { ts: string }; clearedBy?: { ts: string } | null } };
    // Keyed by the reading that made the change: its timestamp.
    if (m.type === 'alert.raised' && m.data.raisedBy) arrivals.set(`raised ${m.data.raisedBy.ts}`, at);
    if (m.type === 'alert.cleared' && m.data.clearedBy) arrivals.set(`cleared ${m.data.clearedBy.ts}`, at);
  });

  const sites = await apiCall<{ data: Array<{ id: string; clientId: string | null }> }>(stack.apiUrl, manager, 'GET', '/v1/sites?limit=100', undefined, 200);
  const site = sites.data.find((s) => s.clientId === ACME_CLIENT_ID) ?? sites.data[0]!;
  const sensorId = `BENCH_LIVE_${Date.now()}`;
  const { createSensor } = await import('#adapters/dynamodb/sensors-repository');
  const { newSensor } = await import('#domain/sensors');
  const { DEMO_TENANT_ID } = await import('#lib/local/bootstrap/demo-data');
  await createSensor(DEMO_TENANT_ID, newSensor({ id: sensorId, kind: 'ph', siteId: site.id, sampleIntervalSeconds: 60, status: 'active' }, site.clientId, new Date().toISOString()));
  await apiCall(stack.apiUrl, manager, 'POST', '/v1/alert-rules', { name: 'Bench live', severity: 'major', sensorId, condition: { type: 'threshold', comparison: 'above', value: 8.5, deadband: 0.3 } }, 201);

  const stored: number[] = [];
  const pushed: number[] = [];
  const added: number[] = [];
  let missed = 0;
  for (let i = 0; i < total; i++) {
    const raising = i % 2 === 0;
    const ts = new Date().toISOString();
    const key = `${raising ? 'raised' : 'cleared'} ${ts}`;
    const t0 = performance.now();
    await apiCall(stack.apiUrl, admin, 'POST', '/v1/telemetry', { readings: [{ sensorId, ts, value: raising ? 9.5 : 7.0 }] }, 202);
    let storedAt: number | undefined;
    const deadline = t0 + 15_000;
    while (performance.now() < deadline && (storedAt === undefined || !arrivals.has(key))) {
      if (storedAt === undefined) {
        const alerts = await apiCall<{ data: Array<{ status: string; raisedBy: { ts: string }; clearedBy: { ts: string } | null }> }>(stack.apiUrl, manager, 'GET', `/v1/alerts?sensorId=${sensorId}&limit=100`, undefined, 200);
        if (alerts.data.some((a) => (raising ? a.raisedBy.ts === ts : a.clearedBy?.ts === ts))) storedAt = performance.now();
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    const pushedAt = arrivals.get(key);
    if (storedAt === undefined || pushedAt === undefined) {
      missed++;
      continue;
    }
    stored.push(storedAt - t0);
    pushed.push(pushedAt - t0);
    added.push(pushedAt - storedAt);
  }
  const row = (name: string, xs: number[]) => [name, `${quantile(xs, 0.5).toFixed(0)} ms`, `${quantile(xs, 0.99).toFixed(0)} ms`];
  console.log(
    formatTable(
      ['from the POST /v1/telemetry of a reading', 'p50', 'p99'],
      [row('baseline: the alert stored (evaluator)', stored), row('live: its message on the WebSocket', pushed), row('what the live path adds', added)],
    ),
  );
  console.log(`${pushed.length}/${total} readings measured${missed ? `, ${missed} missed (no change within 15 s)` : ''}`);
} finally {
  socket?.terminate();
  await stack.stop();
}
