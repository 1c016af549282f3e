/**
 * Where a request's time goes in the local stack, without load (companion of bench:api).
 *
 *   npx tsx bench/request-path.ts [--requests 300]
 *
 * Starts the local stack in-process (fine here: one request at a time, no load
 * generator competing for the event loop) and listens on Node's HTTP diagnostics
 * channels: `http.server.*` times each API request inside the gateway (first byte in
 * to last byte out), `http.client.*` sees every AWS SDK call the handlers make (the
 * bench's own requests use fetch/undici, which these channels do not report), with its
 * operation (`x-amz-target`) and round trip. For get-asset, list-assets and health it
 * prints, per request: server time, AWS calls and their operations, time inside them,
 * and the rest (gateway, JWT check, middleware, handler, SDK CPU outside the socket wait).
 */
import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';
import { parseArgs } from 'node:util';
import { DEMO_API_KEY, DEMO_PASSWORD } from '#lib/local/bootstrap/demo-data';
import { startLocalStack } from '#lib/local/stack';
import { formatTable, median, quantile } from './lib/stats';

const { values: args } = parseArgs({ options: { requests: { type: 'string', default: '300' } } });
const N = Number(args.requests);
if (!Number.isInteger(N) || N < 10) throw new Error(`--requests must be an integer >= 10, got ${args.requests}`);

interface Call {
  op: string;
  started: number;
  ms?: number;
}
interface ServerSpan {
  started: number;
  ms?: number;
  calls: Call[];
}

// One request at a time: every SDK call that starts while a server span is open belongs to it.
let open: ServerSpan | undefined;
const clientCalls = new Map<ClientRequest, Call>();
const serverSpans = new Map<IncomingMessage, ServerSpan>();
const finished: ServerSpan[] = [];

subscribe('http.server.request.start', (m) => {
  const { request } = m as { request: IncomingMessage };
  open = { started: performance.now(), calls: [] };
  serverSpans.set(request, open);
});
subscribe('http.server.response.finish', (m) => {
  const { request } = m as { request: IncomingMessage };
  const span = serverSpans.get(request);
  if (!span) return;
  span.ms = performance.now() - span.started;
  serverSpans.delete(request);
  finished.push(span);
  if (open === span) open = undefined;
});
subscribe('http.client.request.start', (m) => {
  const { request } = m as { request: ClientRequest };
  const target = request.getHeader('x-amz-target');
  const op = typeof target === 'string' ? target.replace(/^DynamoDB_\d+\./, 'DynamoDB ') : `${request.method} ${request.host ?? ''}${request.path.split('?')[0]}`;
  const call: Call = { op, started: performance.now() };
  clientCalls.set(request, call);
  open?.calls.push(call);
});
subscribe('http.client.response.finish', (m) => {
  const { request } = m as { request: ClientRequest };
  const call = clientCalls.get(request);
  if (call) call.ms = performance.now() - call.started;
  clientCalls.delete(request);
});

async function main(): Promise<void> {
  const stack = await startLocalStack({ port: 0, seed: true });
  try {
    const base = stack.apiUrl.replace('localhost', '127.0.0.1');
    const login = await fetch(`${base}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': DEMO_API_KEY },
      body: JSON.stringify({ username: 'manager@hydrant.local', password: DEMO_PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
    const { access_token: token } = (await login.json()) as { access_token: string };
    const auth = { 'x-api-key': DEMO_API_KEY, authorization: `Bearer ${token}` };
    const first = await fetch(`${base}/v1/assets?limit=1`, { headers: auth });
    const assetId = ((await first.json()) as { data: Array<{ id: string }> }).data[0]?.id;
    if (!assetId) throw new Error('the demo data has no asset');

    const scenarios = [
      { name: 'health', path: '/v1/health', headers: {} },
      { name: 'get-asset', path: `/v1/assets/${assetId}`, headers: auth },
      { name: 'list-assets', path: '/v1/assets?limit=20', headers: auth },
    ];
    const rows: string[][] = [];
    const opLines: string[] = [];
    for (const s of scenarios) {
      for (let i = 0; i < 50; i++) await (await fetch(`${base}${s.path}`, { headers: s.headers })).arrayBuffer(); // warm-up
      finished.length = 0;
      const statuses = new Map<number, number>();
      for (let i = 0; i < N; i++) {
        const res = await fetch(`${base}${s.path}`, { headers: s.headers });
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
      const spans = finished.filter((x) => x.ms !== undefined);
      const server = spans.map((x) => x.ms!);
      const inAws = spans.map((x) => x.calls.reduce((a, c) => a + (c.ms ?? 0), 0));
      const rest = spans.map((x, i) => x.ms! - inAws[i]!);
      const calls = spans.map((x) => x.calls.length);
      rows.push([
        s.name,
        [...statuses].map(([c, n]) => `${c}x${n}`).join(' '),
        median(server).toFixed(2),
        quantile(server, 0.99).toFixed(2),
        (calls.reduce((a, b) => a + b, 0) / spans.length).toFixed(2),
        median(inAws).toFixed(2),
        median(rest).toFixed(2),
      ]);
      const byOp = new Map<string, number[]>();
      for (const x of spans) for (const c of x.calls) if (c.ms !== undefined) byOp.set(c.op, [...(byOp.get(c.op) ?? []), c.ms]);
      for (const [op, ms] of byOp) opLines.push(`  ${s.name.padEnd(12)} ${op.padEnd(28)} ${(ms.length / spans.length).toFixed(2)} per request, median ${median(ms).toFixed(2)} ms, p99 ${quantile(ms, 0.99).toFixed(2)} ms`);
    }
    console.log(`\n${N} sequential requests per scenario (after 50 warm-up), one connection, stack in-process:\n`);
    console.log(formatTable(['scenario', 'status', 'server p50 ms', 'server p99 ms', 'AWS calls/req', 'in AWS calls p50 ms', 'rest p50 ms'], rows));
    console.log('\nAWS SDK calls made while serving (operation, how many per request, round trip):');
    for (const line of opLines) console.log(line);
    console.log('\nserver = gateway first byte in to last byte out; rest = server - time waiting on AWS calls (gateway, JWT, middleware, handler, SDK CPU).');
  } finally {
    await stack.stop();
  }
}

await main();
