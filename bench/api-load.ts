/**
 * API load benchmark (`npm run bench:api`): the local stack under autocannon load.
 *
 *   npx tsx bench/api-load.ts [--duration 20] [--connections 50] [--warmup 3]
 *                             [--only get-asset] [--no-single] [--profile] [--stack-env KEY=VALUE ...]
 *
 * The stack runs as a child process (`node --import tsx bin/local.ts`, its own process
 * group, HYDRANT_PORT = a free port) so the load generator does not share its event loop.
 * The bench logs in as the demo manager, picks an asset, then loads 127.0.0.1 only:
 *   health      GET /v1/health            no key, no token, no DynamoDB: the gateway + Lambda-shim floor
 *   get-asset   GET /v1/assets/{id}       key + JWT + the platform middleware + one GetItem
 *   list-assets GET /v1/assets?limit=20   key + JWT + the platform middleware + one Query
 * (at the time of writing the usage-limit middleware adds two UpdateItems to every keyed
 * request: see bench/request-path.ts, which counts them), each after a short warm-up.
 * It samples the CPU of the stack's node process, of DynamoDB Local (java), of itself and
 * of every other process on the machine during each scenario: on a 2-core machine the
 * load generator, the stack and the emulator compete for the same cores (and with
 * whatever else runs), which is most of the story. A closed loop of 50 connections makes
 * latency = 50 / throughput (Little's law), so p99 follows requests/s.
 * After the 50-connection runs, get-asset and list-assets run once more with ONE connection
 * (5 s): the unloaded service time, to tell queueing from per-request cost.
 * `--profile` runs the stack under `--cpu-prof` and prints where its CPU goes during the
 * measured windows only: self time by layer (AWS SDK, X-Ray context hooks, handler,
 * gateway, node I/O, GC), by package and by function.
 * `--stack-env KEY=VALUE` runs the stack with an extra variable, for what-if runs (e.g.
 * AWS_XRAY_MANUAL_MODE=1 keeps the X-Ray SDK from installing its async_hooks).
 * At the end the stack gets SIGINT (its own clean shutdown) and the bench checks that
 * no process it started (java included) is left.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon, { type Result } from 'autocannon';
import { DEMO_API_KEY, DEMO_PASSWORD } from '#lib/local/bootstrap/demo-data';
import { formatTable } from './lib/stats';

const ROOT = resolve(import.meta.dirname, '..');
const HOST = '127.0.0.1';
const READY = 'Hydrant local stack ready';
const CLK_TCK = 100; // Linux USER_HZ

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '20' },
    connections: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '3' },
    'ready-timeout': { type: 'string', default: '120' },
    only: { type: 'string' },
    'no-single': { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    /** Extra environment of the stack, KEY=VALUE (repeatable), for what-if runs. */
    'stack-env': { type: 'string', multiple: true },
  },
});
const DURATION = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const WARMUP = Number(args.warmup);
const READY_TIMEOUT_S = Number(args['ready-timeout']);
for (const [k, v] of Object.entries({ DURATION, CONNECTIONS, WARMUP, READY_TIMEOUT_S })) {
  if (!Number.isFinite(v) || v < 0) throw new Error(`bad --${k.toLowerCase()}: ${v}`);
}

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

// ---- processes we started: the stack and its descendants (DynamoDB Local's java) ----

interface ProcInfo {
  pid: number;
  ppid: number;
  comm: string;
  startTicks: number;
  cpuTicks: number;
}

function readProc(pid: number): ProcInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const f = stat.slice(close + 2).split(' ');
    // f[0] = state (field 3); utime = field 14, stime = 15, starttime = 22
    return { pid, ppid: Number(f[1]), comm, cpuTicks: Number(f[11]) + Number(f[12]), startTicks: Number(f[19]) };
  } catch {
    return undefined;
  }
}

function descendants(root: number): ProcInfo[] {
  const all = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => readProc(Number(d)))
    .filter((p): p is ProcInfo => p !== undefined);
  const out: ProcInfo[] = [];
  const frontier = [root];
  while (frontier.length) {
    const pid = frontier.pop()!;
    for (const p of all) if (p.ppid === pid) {
      out.push(p);
      frontier.push(p.pid);
    }
  }
  return out;
}

/** Still the same process (pid not reused)? */
const alive = (p: ProcInfo): boolean => readProc(p.pid)?.startTicks === p.startTicks;

/** Busy ticks of the whole machine (all cores), from /proc/stat. */
function machineBusyTicks(): number {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
  return total - (f[3] ?? 0) - (f[4] ?? 0); // minus idle and iowait
}

class CpuMeter {
  private before = new Map<number, number>();
  private machineBefore = 0;
  private t0 = 0;
  constructor(private readonly procs: () => Array<{ label: string; info: ProcInfo }>) {}
  start(): void {
    this.t0 = performance.now();
    this.before = new Map(this.procs().map(({ info }) => [info.pid, readProc(info.pid)?.cpuTicks ?? 0]));
    this.machineBefore = machineBusyTicks();
  }
  /** CPU % of one core per labelled process since start(). */
  stop(): Record<string, number> {
    const seconds = (performance.now() - this.t0) / 1000;
    const out: Record<string, number> = {};
    for (const { label, info } of this.procs()) {
      const now = readProc(info.pid)?.cpuTicks ?? 0;
      out[label] = (out[label] ?? 0) + ((now - (this.before.get(info.pid) ?? now)) / CLK_TCK / seconds) * 100;
    }
    const ours = Object.values(out).reduce((a, b) => a + b, 0);
    out.others = Math.max(0, ((machineBusyTicks() - this.machineBefore) / CLK_TCK / seconds) * 100 - ours);
    return out;
  }
}

// ---- the stack ----

interface Stack {
  child: ChildProcess;
  baseUrl: string;
  log: string[];
}

function extraStackEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of args['stack-env'] ?? []) {
    const i = kv.indexOf('=');
    if (i < 1) throw new Error(`--stack-env wants KEY=VALUE, got ${kv}`);
    out[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return out;
}

async function startStack(port: number, profileDir?: string): Promise<Stack> {
  const profiling = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, '--cpu-prof-interval=250'] : [];
  const child = spawn(process.execPath, [...profiling, '--import', 'tsx', 'bin/local.ts'], {
    cwd: ROOT,
    env: { ...process.env, HYDRANT_PORT: String(port), HYDRANT_LOG_REQUESTS: '0', NODE_OPTIONS: '', ...extraStackEnv() },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group: a last-resort kill reaches only what we started
  });
  const log: string[] = [];
  const started = performance.now();
  await new Promise<void>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`no "${READY}" line after ${READY_TIMEOUT_S} s`)), READY_TIMEOUT_S * 1000);
    const onLine = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (line.trim()) log.push(line);
        if (line.includes(READY)) {
          clearTimeout(timer);
          res();
        }
      }
    };
    child.stdout!.on('data', onLine);
    child.stderr!.on('data', onLine);
    child.once('exit', (code) => {
      clearTimeout(timer);
      rej(new Error(`the stack exited with ${code} before it was ready:\n${log.slice(-30).join('\n')}`));
    });
  });
  console.log(`local stack ready in ${((performance.now() - started) / 1000).toFixed(1)} s (pid ${child.pid}, port ${port})`);
  return { child, baseUrl: `http://${HOST}:${port}`, log };
}

async function stopStack(stack: Stack): Promise<void> {
  const pid = stack.child.pid!;
  const ours = [readProc(pid), ...descendants(pid)].filter((p): p is ProcInfo => p !== undefined);
  const exited = new Promise<number | null>((res) => {
    if (stack.child.exitCode !== null) res(stack.child.exitCode);
    else stack.child.once('exit', (code) => res(code));
  });
  const started = performance.now();
  stack.child.kill('SIGINT');
  const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 20_000))]);
  // DynamoDB Local may need a moment after its parent exits.
  for (let i = 0; i < 50 && ours.some(alive); i++) await new Promise((r) => setTimeout(r, 100));
  const left = ours.filter(alive);
  console.log(`\nstack stopped with SIGINT in ${((performance.now() - started) / 1000).toFixed(1)} s (exit ${code}); processes it had: ${ours.map((p) => `${p.comm}[${p.pid}]`).join(', ')}`);
  if (left.length === 0) {
    console.log(`no process left behind (java included): OK`);
  } else {
    console.log(`LEFT BEHIND after SIGINT: ${left.map((p) => `${p.comm}[${p.pid}]`).join(', ')} -> SIGKILL`);
    for (const p of left) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
}

/** The stack while it runs, for the time guard's last-resort kill of its process group. */
let running: Stack | undefined;

// ---- the load ----

interface Scenario {
  name: string;
  path: string;
  headers: Record<string, string>;
}

interface Row {
  name: string;
  connections: number;
  result: Result;
  cpu: Record<string, number>;
}

async function load(base: string, s: Scenario, seconds: number, connections: number): Promise<Result> {
  return autocannon({ url: `${base}${s.path}`, connections, duration: seconds, timeout: 10, headers: s.headers });
}

/** Microseconds on the monotonic clock V8's CPU profiles use. */
const monoUs = (): number => Number(process.hrtime.bigint() / 1000n);

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where the stack's CPU went inside the measured windows: self time by layer, package and function (idle excluded). */
function analyseProfile(dir: string, windows: Array<[number, number]>): void {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) {
    console.log('\n(no CPU profile was written)');
    return;
  }
  const prof = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const group = (url: string, fn: string): string => {
    if (!url) return `(${fn.replace(/[()]/g, '') || 'vm'})`;
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (pkg) return pkg[1]!;
    if (url.startsWith('node:')) return `node:${url.slice(5).split('/').slice(0, 2).join('/')}`;
    const rel = url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '');
    return rel.split('/').slice(0, 2).join('/');
  };
  /** Coarse layers of the request path, from the package of the sampled frame. */
  const layerOf = (g: string): string => {
    if (/^(@smithy|@aws-sdk)\//.test(g)) return 'AWS SDK v3 (client side of DynamoDB calls)';
    if (/^(aws-xray-sdk-core|cls-hooked|async-hook-jl|\(registerDestroyHook\))$/.test(g) || g === 'node:internal/async_hooks') return 'X-Ray SDK context (cls-hooked async_hooks)';
    if (/^(@aws-lambda-powertools|@middy)\//.test(g) || g.startsWith('@middy') || g.startsWith('functions/')) return 'handler: middy + Powertools + Hydrant code';
    if (g === 'zod') return 'zod validation';
    if (g === 'jose' || g.startsWith('lib/')) return 'local gateway + JWT (lib/local, jose)';
    if (g === '(garbage collector)') return 'GC';
    if (/^node:(internal\/crypto|crypto)/.test(g)) return 'node crypto (SigV4 HMAC, RS256)';
    if (/^(node:|\(writev|\(writeUtf8String|\(writeBuffer|\(readStop|\(readStart)/.test(g) || /_http|net|stream/.test(g)) return 'node http/net/streams/events';
    return 'other (V8, tsx, microtasks)';
  };
  const self = new Map<string, number>();
  const layers = new Map<string, number>();
  const fns = new Map<string, number>();
  let total = 0;
  let t = prof.startTime;
  for (let i = 0; i < prof.samples.length; i++) {
    t += prof.timeDeltas[i] ?? 0;
    if (!windows.some(([a, b]) => t >= a && t <= b)) continue;
    const ms = (prof.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(prof.samples[i]!)!;
    const cf = node.callFrame;
    if (cf.functionName === '(idle)') continue;
    total += ms;
    const g = group(cf.url, cf.functionName);
    self.set(g, (self.get(g) ?? 0) + ms);
    const layer = layerOf(g);
    layers.set(layer, (layers.get(layer) ?? 0) + ms);
    const where = cf.url.replace(/^.*node_modules\/(?:@[^/]+\/)?[^/]+\//, '').replace(/^file:\/\//, '').replace(`${ROOT}/`, '').replace(/^dist-(?:cjs|es)\//, '');
    const fn = `${cf.functionName || '(anonymous)'}  ${g}${cf.url ? ` ${where}:${cf.lineNumber + 1}` : ''}`;
    fns.set(fn, (fns.get(fn) ?? 0) + ms);
  }
  const show = (m: Map<string, number>, n: number) => {
    for (const [k, ms] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`  ${k.padEnd(64)} ${(ms / 1000).toFixed(2).padStart(6)} s  ${((ms / total) * 100).toFixed(1).padStart(5)} %`);
  };
  console.log(`\nStack process CPU during the measured windows: ${(total / 1000).toFixed(1)} s on-CPU (idle excluded). Self time by layer:`);
  show(layers, 12);
  console.log('Self time by package / project folder:');
  show(self, 15);
  console.log('Hottest functions (self time):');
  show(fns, 15);
}

async function main(): Promise<void> {
  if (!existsSync(resolve(ROOT, '.local/dynamodb-local'))) console.log('note: .local/dynamodb-local is missing; run `npm run setup` first if the stack fails to start');
  console.log(`Hydrant API load: ${CONNECTIONS} connections, ${DURATION} s per scenario after ${WARMUP} s warm-up, node ${process.version}, ${cpus().length} CPUs`);
  if (args['stack-env']?.length) console.log(`what-if: the stack runs with ${args['stack-env'].join(' ')}`);
  const port = await freePort();
  const profileDir = args.profile ? mkdtempSync(join(tmpdir(), 'hydrant-api-prof-')) : undefined;
  const stack = await startStack(port, profileDir);
  running = stack;
  const rows: Row[] = [];
  const windows: Array<[number, number]> = [];
  try {
    const login = await fetch(`${stack.baseUrl}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': DEMO_API_KEY },
      body: JSON.stringify({ username: 'manager@hydrant.local', password: DEMO_PASSWORD }),
    });
    if (login.status !== 200) throw new Error(`login: ${login.status} ${await login.text()}`);
    const { access_token: token } = (await login.json()) as { access_token: string };
    const auth = { 'x-api-key': DEMO_API_KEY, authorization: `Bearer ${token}` };
    const list = await fetch(`${stack.baseUrl}/v1/assets?limit=1`, { headers: auth });
    if (list.status !== 200) throw new Error(`list assets: ${list.status} ${await list.text()}`);
    const assetId = ((await list.json()) as { data: Array<{ id: string }> }).data[0]?.id;
    if (!assetId) throw new Error('the demo data has no asset');
    const one = await fetch(`${stack.baseUrl}/v1/assets/${assetId}`, { headers: auth });
    const page = await fetch(`${stack.baseUrl}/v1/assets?limit=20`, { headers: auth });
    const pageLen = ((await page.json()) as { data: unknown[] }).data.length;
    console.log(`logged in as manager@hydrant.local; asset ${assetId} (GET ${one.status}, ${(await one.text()).length} B); list page of ${pageLen} assets`);

    const all: Scenario[] = [
      { name: 'health (baseline)', path: '/v1/health', headers: {} },
      { name: 'get-asset', path: `/v1/assets/${assetId}`, headers: auth },
      { name: 'list-assets', path: '/v1/assets?limit=20', headers: auth },
    ];
    const scenarios = args.only ? all.filter((s) => s.name.startsWith(args.only!)) : all;
    const stackPid = stack.child.pid!;
    const meter = new CpuMeter(() => {
      const self = readProc(process.pid)!;
      const root = readProc(stackPid);
      return [
        { label: 'bench', info: self },
        ...(root ? [{ label: 'stack', info: root }] : []),
        ...descendants(stackPid).map((info) => ({ label: info.comm === 'java' ? 'java' : 'stack', info })),
      ];
    });
    const runs: Array<{ s: Scenario; connections: number; seconds: number }> = [
      ...scenarios.map((s) => ({ s, connections: CONNECTIONS, seconds: DURATION })),
      ...(args['no-single'] ? [] : scenarios.filter((s) => s.name !== 'health (baseline)').map((s) => ({ s, connections: 1, seconds: Math.min(5, DURATION) }))),
    ];
    for (const { s, connections, seconds } of runs) {
      const name = connections === CONNECTIONS ? s.name : `${s.name}, ${connections} conn`;
      if (WARMUP > 0) await load(stack.baseUrl, s, WARMUP, connections);
      meter.start();
      const from = monoUs();
      const result = await load(stack.baseUrl, s, seconds, connections);
      windows.push([from, monoUs()]);
      const cpu = meter.stop();
      rows.push({ name, connections, result, cpu });
      const codes = Object.entries(result.statusCodeStats).map(([c, v]) => `${c}:${v.count}`).join(' ');
      console.log(`  ${name.padEnd(24)} done: ${result.requests.average.toFixed(0)} req/s, p99 ${result.latency.p99} ms, status ${codes}`);
    }
  } catch (error) {
    console.log(`\nthe bench failed; last lines of the stack's output:\n${stack.log.slice(-25).join('\n')}`);
    throw error;
  } finally {
    await stopStack(stack);
  }

  const header = ['scenario', 'conn', 'req/s mean', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'non-2xx', 'errors', 'timeouts', 'CPU % stack/java/bench/others'];
  const table = rows.map(({ name, connections, result: r, cpu }) => [
    name,
    String(connections),
    r.requests.average.toFixed(0),
    String(r.latency.p50),
    String(r.latency.p90),
    String(r.latency.p99),
    String(r.latency.max),
    String(r.non2xx),
    String(r.errors),
    String(r.timeouts),
    `${(cpu.stack ?? 0).toFixed(0)}/${(cpu.java ?? 0).toFixed(0)}/${(cpu.bench ?? 0).toFixed(0)}/${(cpu.others ?? 0).toFixed(0)}`,
  ]);
  console.log(`\n${formatTable(header, table)}`);
  console.log(`load average now ${loadavg().map((l) => l.toFixed(1)).join(' ')} (${cpus().length} cores): other work on the machine shows up as noise here`);
  console.log(`(127.0.0.1; latency in ms as autocannon reports it; CPU in % of one core over the run, ${cpus().length} cores = ${cpus().length * 100} % in all; others = processes this bench did not start${args.profile ? '; stack under --cpu-prof, so slower' : ''})`);
  for (const r of rows.filter((x) => x.connections === CONNECTIONS && x.name !== 'health (baseline)')) {
    const stackCpuMs = ((r.cpu.stack ?? 0) / 100) * 1000 / Math.max(1, r.result.requests.average);
    const javaCpuMs = ((r.cpu.java ?? 0) / 100) * 1000 / Math.max(1, r.result.requests.average);
    console.log(`  ${r.name}: ${stackCpuMs.toFixed(2)} ms of stack CPU and ${javaCpuMs.toFixed(2)} ms of DynamoDB Local CPU per request; ${CONNECTIONS} connections / ${r.result.requests.average.toFixed(0)} req/s = ${((CONNECTIONS / Math.max(1, r.result.requests.average)) * 1000).toFixed(0)} ms mean time in system (Little's law)`);
  }

  const targets = rows.filter((r) => r.connections === CONNECTIONS && r.name !== 'health (baseline)');
  if (targets.length) {
    const bad = targets.filter((r) => r.result.non2xx + r.result.errors + r.result.timeouts > 0 || r.result.latency.p99 >= 50);
    const worst = targets.reduce((a, b) => (b.result.latency.p99 > a.result.latency.p99 ? b : a));
    console.log(
      `\nno errors and p99 under 50 ms: ${bad.length === 0 ? 'PASS' : 'FAIL'}` +
        ` (worst p99: ${worst.name} ${worst.result.latency.p99} ms; non-2xx/errors/timeouts: ${targets.map((r) => `${r.name} ${r.result.non2xx}/${r.result.errors}/${r.result.timeouts}`).join(', ')})`,
    );
  }
  if (profileDir) {
    analyseProfile(profileDir, windows);
    rmSync(profileDir, { recursive: true, force: true });
  }
}

// Bounded: whatever happens, give up well after the planned run time.
const budgetMs = (READY_TIMEOUT_S + 5 * (DURATION + WARMUP) + 120) * 1000;
const guard = setTimeout(() => {
  console.error(`bench:api exceeded its ${budgetMs / 1000} s budget; killing the stack's process group and exiting`);
  if (running?.child.pid) {
    try {
      process.kill(-running.child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  process.exit(2);
}, budgetMs);
guard.unref();
await main();
