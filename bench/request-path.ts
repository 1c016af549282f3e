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
 * Only the gateway's server is timed (fauxqs and the Cognito stand-in are HTTP servers in
 * the same process), and the SQS pollers' long polls are left out.
 */
import { subscribe } from 'node:diagnostics_channel';
import { readdirSync, readFileSync } from 'node:fs';
import type { ClientRequest, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DEMO_API_KEY, DEMO_PASSWORD } from '#lib/local/bootstrap/demo-data';
import { startLocalStack } from '#lib/local/runtime/stack';
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
const allCalls: Call[] = [];

/** The local gateway's port: fauxqs and the Cognito stand-in are HTTP servers in this process too. */
let gatewayPort = -1;

subscribe('http.server.request.start', (m) => {
  const { request, server } = m as { request: IncomingMessage; server: Server };
  if ((server.address() as AddressInfo | null)?.port !== gatewayPort) return;
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
  // The SQS pollers' long polls run beside the requests; they are not part of any.
  if (op === 'AmazonSQS.ReceiveMessage') return;
  const call: Call = { op, started: performance.now() };
  clientCalls.set(request, call);
  allCalls.push(call);
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
    gatewayPort = Number(new URL(base).port);
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
    const slowLines: string[] = [];
    for (const s of scenarios) {
      for (let i = 0; i < 50; i++) await (await fetch(`${base}${s.path}`, { headers: s.headers })).arrayBuffer(); // warm-up
      finished.length = 0;
      const loop = monitorEventLoopDelay({ resolution: 5 });
      loop.enable();
      const statuses = new Map<number, number>();
      for (let i = 0; i < N; i++) {
        const res = await fetch(`${base}${s.path}`, { headers: s.headers });
        await res.arrayBuffer();
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      }
      loop.disable();
      const spans = finished.filter((x) => x.ms !== undefined);
      const slow = [...spans].sort((a, b) => b.ms! - a.ms!).slice(0, 3);
      slowLines.push(
        `  ${s.name.padEnd(12)} event-loop delay max ${(loop.max / 1e6).toFixed(0)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms; slowest: ` +
          slow
            .map((x) => {
              // Calls that overlap the span, with their start relative to it: what the request waited on.
              const overlapping = allCalls.filter((c) => c.started < x.started + x.ms! && c.started + (c.ms ?? 0) > x.started);
              return `${x.ms!.toFixed(0)} ms [${overlapping.slice(0, 8).map((c) => `${c.op.replace('DynamoDB ', '')} @${(c.started - x.started).toFixed(0)}+${c.ms?.toFixed(0) ?? '?'}`).join(', ')}]`;
            })
            .join('; '),
      );
      const server = spans.map((x) => x.ms!);
      const inAws = spans.map((x) => x.calls.reduce((a, c) => a + (c.ms ?? 0), 0));
      const rest = spans.map((x, i) => x.ms! - inAws[i]!);
      const calls = spans.map((x) => x.calls.length);
      // Where the rest sits: before the first AWS call (gateway, JWT, middleware 'before' steps), between calls, after the last one.
      const withCalls = spans.filter((x) => x.calls.length > 0 && x.calls.every((c) => c.ms !== undefined));
      const before = withCalls.map((x) => x.calls[0]!.started - x.started);
      const gaps = withCalls.map((x) => x.calls.slice(1).map((c, i) => c.started - (x.calls[i]!.started + x.calls[i]!.ms!)));
      const gapMedians = (gaps[0] ?? []).map((_, i) => median(gaps.map((g) => g[i] ?? 0)).toFixed(2));
      const after = withCalls.map((x) => {
        const last = x.calls[x.calls.length - 1]!;
        return x.started + x.ms! - (last.started + last.ms!);
      });
      rows.push([
        s.name,
        [...statuses].map(([c, n]) => `${c}x${n}`).join(' '),
        median(server).toFixed(2),
        quantile(server, 0.99).toFixed(2),
        (calls.reduce((a, b) => a + b, 0) / spans.length).toFixed(2),
        median(inAws).toFixed(2),
        median(rest).toFixed(2),
        before.length ? median(before).toFixed(2) : '-',
        gapMedians.length ? gapMedians.join(' / ') : '-',
        after.length ? median(after).toFixed(2) : '-',
      ]);
      const byOp = new Map<string, number[]>();
      for (const x of spans) for (const c of x.calls) if (c.ms !== undefined) byOp.set(c.op, [...(byOp.get(c.op) ?? []), c.ms]);
      for (const [op, ms] of byOp) opLines.push(`  ${s.name.padEnd(12)} ${op.padEnd(28)} ${(ms.length / spans.length).toFixed(2)} per request, median ${median(ms).toFixed(2)} ms, p99 ${quantile(ms, 0.99).toFixed(2)} ms`);
    }
    console.log(`\n${N} sequential requests per scenario (after 50 warm-up), one connection, stack in-process:\n`);
    console.log(formatTable(['scenario', 'status', 'server p50 ms', 'server p99 ms', 'AWS calls/req', 'in AWS calls p50 ms', 'rest p50 ms', 'before 1st call p50', 'between calls p50', 'after last call p50'], rows));
    console.log('\nAWS SDK calls made while serving (operation, how many per request, round trip):');
    for (const line of opLines) console.log(line);
    console.log('\nSlowest requests (AWS calls in flight during them, ms) and event-loop delay of this process:');
    for (const line of slowLines) console.log(line);
    console.log('\nserver = gateway first byte in to last byte out; rest = server - time waiting on AWS calls (gateway, JWT, middleware, handler, SDK CPU);');
    console.log('before 1st call = gateway + JWT + middleware before the first AWS call; between calls = from one AWS answer to the next call (SDK response');
    console.log('parsing and request building included); after last call = from the last AWS answer to the last byte out.');
  } finally {
    await stack.stop();
    let left = childrenOf(process.pid).filter((p) => p.startsWith('java'));
    for (let i = 0; i < 30 && left.length; i++) {
      await new Promise((r) => setTimeout(r, 100));
      left = childrenOf(process.pid).filter((p) => p.startsWith('java'));
    }
    console.log(left.length ? `LEFT BEHIND after stop(): ${left.join(', ')}` : 'stack stopped; no DynamoDB Local (java) left');
  }
}

/** Processes whose parent is `pid` (DynamoDB Local's java is one while the stack runs). */
function childrenOf(pid: number): string[] {
  const out: string[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      if (Number(stat.slice(close + 2).split(' ')[1]) === pid) out.push(`${stat.slice(stat.indexOf('(') + 1, close)}[${d}]`);
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

await main();
