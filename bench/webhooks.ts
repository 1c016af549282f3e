/**
 * Webhook delivery benchmark (`npm run bench:webhooks`):
 *
 *   npx tsx bench/webhooks.ts [--work-orders 200] [--concurrency 4]
 *
 * The local stack in this process (port 0, demo data) and a local receiver on 127.0.0.1
 * that answers 200. An admin subscribes two endpoints to `work_order.created`: `live`,
 * enabled, and `backlog`, disabled. Then:
 *
 * 1. live: `--work-orders` work orders created through the API (`--concurrency` in
 *    flight); each 201 is a committed change, and its delivery to `live` goes through the
 *    whole path (outbox -> stream -> relay -> events -> fan-out -> webhook-deliveries ->
 *    delivery worker -> HTTP). Prints p50/p99 from the 201 to the receipt, and
 *    deliveries/s, which the API's create rate bounds.
 * 2. backlog: the endpoint is enabled and replayed since the start: every event is queued
 *    at once, so deliveries/s from the 202 to the last receipt is the delivery worker's own
 *    rate, unbounded by the API.
 * 3. baseline, in the same run: the same bodies POSTed straight to the receiver by this
 *    process, one at a time (the floor of one HTTP exchange here).
 *
 * Every receipt is checked: a `webhook-id` received twice on one endpoint is counted as a
 * duplicate.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { startLocalStack } from '#lib/local/runtime/stack';
import { apiCall, createWorkOrders, demoToken } from './lib/local-api';
import { formatTable, quantile } from './lib/stats';

const { values: args } = parseArgs({ options: { 'work-orders': { type: 'string', default: '200' }, concurrency: { type: 'string', default: '4' } } });
const total = Number(args['work-orders']);
const concurrency = Number(args.concurrency);

interface Receipt {
  readonly at: number;
  readonly webhookId: string;
  readonly workOrderId: string;
  readonly bytes: number;
}
const receipts = new Map<string, Receipt[]>([['/live', []], ['/backlog', []], ['/baseline', []]]);
const receiver = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const at = Date.now();
    const body = Buffer.concat(chunks).toString('utf8');
    const data = (JSON.parse(body) as { data?: { id?: string } }).data;
    receipts.get(req.url ?? '')?.push({ at, webhookId: String(req.headers['webhook-id']), workOrderId: data?.id ?? '', bytes: body.length });
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;

/** Resolves once `count` receipts on `path` match `wanted` (or after `timeoutMs`). */
async function received(path: string, wanted: (r: Receipt) => boolean, count: number, timeoutMs = 120_000): Promise<Receipt[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = receipts.get(path)!.filter(wanted);
    if (found.length >= count || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 20));
  }
}

const duplicates = (rs: readonly Receipt[]) => rs.length - new Set(rs.map((r) => r.webhookId)).size;
const ms = (x: number) => x.toFixed(0);

const stack = await startLocalStack({ port: 0 });
try {
  const [admin, manager] = await Promise.all([demoToken(stack.apiUrl, 'admin@hydrant.local'), demoToken(stack.apiUrl, 'manager@hydrant.local')]);
  const subscribe = (path: string, enabled: boolean) =>
    apiCall<{ id: string }>(stack.apiUrl, admin, 'POST', '/v1/webhooks', { url: `${receiverUrl}${path}`, eventTypes: ['work_order.created'], enabled }, 201);
  const live = await subscribe('/live', true);
  const backlog = await subscribe('/backlog', false);
  const since = new Date().toISOString();

  // 1. live: committed change to receipt.
  const start = Date.now();
  const committedAt = await createWorkOrders(stack.apiUrl, manager, total, concurrency);
  const createdIn = (Date.now() - start) / 1000;
  const liveReceipts = await received('/live', (r) => committedAt.has(r.workOrderId), total);
  const liveDelays = liveReceipts.map((r) => Math.max(0, r.at - committedAt.get(r.workOrderId)!));
  const liveSeconds = (Math.max(...liveReceipts.map((r) => r.at)) - start) / 1000;

  // 2. backlog: everything queued at once by a replay.
  await apiCall(stack.apiUrl, admin, 'PATCH', `/v1/webhooks/${backlog.id}`, { enabled: true }, 200);
  const replayAt = Date.now();
  const { queued } = await apiCall<{ queued: number }>(stack.apiUrl, admin, 'POST', `/v1/webhooks/${backlog.id}/replay`, { since }, 202);
  const backlogReceipts = await received('/backlog', (r) => committedAt.has(r.workOrderId), total);
  const backlogSeconds = (Math.max(...backlogReceipts.map((r) => r.at)) - replayAt) / 1000;

  // 3. baseline: one HTTP exchange with the receiver, the same body, one at a time.
  const sample = JSON.stringify({ type: 'work_order.created', timestamp: new Date().toISOString(), data: { id: 'baseline' } }).padEnd(liveReceipts[0]?.bytes ?? 600);
  const baseline: number[] = [];
  for (let i = 0; i < total; i++) {
    const t0 = performance.now();
    await fetch(`${receiverUrl}/baseline`, { method: 'POST', headers: { 'content-type': 'application/json', 'webhook-id': `b${i}` }, body: sample }).then((r) => r.text());
    baseline.push(performance.now() - t0);
  }

  console.log(
    formatTable(['measure', 'value'], [
      ['work orders committed', String(committedAt.size)],
      ['create rate through the API (/s)', (committedAt.size / createdIn).toFixed(1)],
      ['live: deliveries received', `${liveReceipts.length} / ${total}`],
      ['live: duplicates (same webhook-id)', String(duplicates(receipts.get('/live')!))],
      ['live: deliveries/s (first POST to last receipt)', (liveReceipts.length / liveSeconds).toFixed(1)],
      ['live: p50 commit -> receipt (ms)', ms(quantile(liveDelays, 0.5))],
      ['live: p99 commit -> receipt (ms)', ms(quantile(liveDelays, 0.99))],
      ['backlog: replay queued', String(queued)],
      ['backlog: deliveries received', `${backlogReceipts.length} / ${total}`],
      ['backlog: duplicates (same webhook-id)', String(duplicates(receipts.get('/backlog')!))],
      ['backlog: deliveries/s (replay 202 to last receipt)', (backlogReceipts.length / backlogSeconds).toFixed(1)],
      ['baseline: direct POST p50 (ms)', quantile(baseline, 0.5).toFixed(1)],
      ['baseline: direct POST p99 (ms)', quantile(baseline, 0.99).toFixed(1)],
    ]),
  );
  await Promise.all([live, backlog].map((w) => apiCall(stack.apiUrl, admin, 'DELETE', `/v1/webhooks/${w.id}`, undefined, 204)));
} finally {
  await stack.stop();
  receiver.closeAllConnections();
  receiver.close();
}
