/**
 * Cold-start benchmark (`npm run bench:cold`): every function of the app model (routes,
 * queue consumers, schedules, the Cognito pre-token trigger) bundled exactly as the CDK
 * stack bundles it, beside two baselines bundled the same way and measured in the same
 * rounds: a bare function doing a route's I/O (`bench/fixtures/get-item-handler.ts`, one
 * DynamoDB GetItem with the SDK client) and an empty handler.
 *
 * Targets (issue 14, `bench/lib/cold-targets.ts`): every route function's init within
 * 1.3x of the GetItem baseline's, no route bundle over 350 KB. The batch route and the
 * workers are reported in sections of their own, not judged. The esbuild target is
 * `HYDRANT_ESBUILD_TARGET` of `lib/cloud/hydrant-function.ts`, the one the CDK bundling uses.
 *
 *   npx tsx bench/cold-start.ts [--runs 15] [--only getAsset | --only getAsset,listWorkOrders,batch] [--node-options '--enable-source-maps']
 *                               [--breakdown] [--keep]
 *
 * Bundling: each entry goes through the project's own `HydrantFunction` construct in a
 * throw-away CDK app, so the bundle is the one `cdk deploy` uploads (same esbuild options,
 * banner, externals), not a copy of them. A second esbuild build with the same options
 * (mirrored below, checked against the CDK output byte for byte) gives the metafile for
 * `--breakdown`.
 *
 * The list of functions and the environment of each come from the real CDK app
 * (`createHydrantApp`, synthesized without bundling): every HydrantFunction it deploys,
 * with its variables as deployed (NODE_OPTIONS=--enable-source-maps, POWERTOOLS_*, and
 * one per table, bucket, pool, queue, with dummy values), plus the variables the Lambda
 * runtime sets and dummy credentials; nothing calls AWS. If the app does not synthesize,
 * the model's lists and dummy variables are used (and the bench says so).
 *
 * Init time: for each run, a fresh `node` process imports the bundle and reports the wall
 * time (`performance.now()`) and its own CPU time (`process.cpuUsage()`, all threads)
 * around `await import(bundle)`; the parent also times spawn -> result line. Runs are
 * interleaved: each round runs every function once, in a new random order, after one
 * discarded warm-up round. On a busy machine the CPU column is the steady one.
 *
 * `--breakdown` adds, in the same rounds: probes (one import each: zod, the DynamoDB
 * client, each Powertools utility, middy, the model's schemas, the httpRoute stack),
 * what-ifs (getAsset rebuilt with `import * as z from 'zod'`, without the X-Ray SDK, with
 * both; applied at bundle time, sources untouched), and bytes by package from the metafile.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { App, Stack } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { build, type Metafile, type Plugin } from 'esbuild';
import { createHydrantApp } from '#lib/cloud/app';
import { HYDRANT_ESBUILD_TARGET, HydrantFunction } from '#lib/cloud/hydrant-function';
import { appModel } from '#lib/model/index';
import { BUNDLE_KB_TARGET, INIT_RATIO_TARGET, judgeRoutes, type ColdGroup } from './lib/cold-targets';
import { CDK_CONTEXT, deployedEnvironments, environmentOf, RUNTIME_ENV } from './lib/deployed-environments';
import { bytesByPackage, formatTable, median, quantile, shuffle } from './lib/stats';

const ROOT = resolve(import.meta.dirname, '..');
const FUNCTIONS = join(ROOT, 'functions');
const EMPTY = 'EMPTY handler';
const GET_ITEM = 'BASELINE GetItem';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    only: { type: 'string' },
    'node-options': { type: 'string' },
    breakdown: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    /** Internal: bundle into this directory, write bundles.json, exit (run as a child to keep esbuild's log off the screen). */
    'bundle-into': { type: 'string' },
  },
});
const RUNS = Number(args.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`--runs must be a positive integer, got ${args.runs}`);

interface Target {
  name: string;
  entry: string;
}

/** Every function the CDK stack deploys, from the app model, plus the baseline. */
function targets(deployed: ReadonlyMap<string, unknown>): Target[] {
  const list: Target[] = [
    { name: EMPTY, entry: join(ROOT, 'bench/fixtures/empty-handler.ts') },
    { name: GET_ITEM, entry: join(ROOT, 'bench/fixtures/get-item-handler.ts') },
    ...appModel.routes.map((r) => ({ name: r.operationId, entry: join(FUNCTIONS, `${r.handler}.ts`) })),
    ...appModel.queues.flatMap((q) => (q.consumer ? [{ name: `queue:${q.name}`, entry: join(FUNCTIONS, `${q.consumer.handler}.ts`) }] : [])),
    ...appModel.schedules.map((s) => ({ name: `schedule:${s.name}`, entry: join(FUNCTIONS, `${s.handler}.ts`) })),
    { name: 'preTokenGeneration', entry: join(FUNCTIONS, 'auth/pre-token-generation.ts') },
  ];
  // Any other function the real stack deploys (a construct outside the model's lists).
  const known = new Set(list.map((t) => resolve(t.entry)));
  for (const entry of deployed.keys()) if (!known.has(entry)) list.push({ name: relative(FUNCTIONS, entry).replace(/\.ts$/, ''), entry });
  if (!args.only) return list;
  // A comma list of exact names (`getAsset,batch`), or one substring (`asset`).
  const wanted = args.only.split(',').map((s) => s.trim().toLowerCase());
  const picked = (name: string) => (wanted.length > 1 ? wanted.includes(name.toLowerCase()) : name.toLowerCase().includes(wanted[0]!));
  return list.filter((t) => t.name === EMPTY || t.name === GET_ITEM || picked(t.name));
}

const ROUTE_NAMES = new Set(appModel.routes.map((r) => r.operationId));
const BATCH = 'batch';

/** Where a measured function is reported: routes are judged, the batch route and workers only shown. */
function groupOf(name: string): ColdGroup {
  if (name === EMPTY || name === GET_ITEM) return 'baseline';
  if (name.startsWith('probe: ')) return 'probe';
  if (name === BATCH) return 'batch';
  return ROUTE_NAMES.has(name) ? 'route' : 'worker';
}

interface Bundle extends Target {
  file: string;
  bytes: number;
  gzipBytes: number;
  env: Record<string, string>;
}

/** Variables the Lambda runtime itself sets (Powertools and the X-Ray SDK branch on some of them). */


/** Bundles through the HydrantFunction construct (local esbuild, as `cdk synth` does) and returns the staged files. */
function bundleWithCdk(list: Target[], outdir: string, deployed: ReadonlyMap<string, Record<string, string>>): Bundle[] {
  console.log(`  environments: ${deployed.size ? `from the synthesized stack for ${list.filter((t) => deployed.has(resolve(t.entry))).length}/${list.length} entries (the rest: dummies)` : 'dummies'}`);
  const app = new App({ outdir, context: { ...CDK_CONTEXT, stage: 'bench' } });
  const stack = new Stack(app, 'HydrantBench', { env: { account: '000000000000', region: 'eu-west-1' } });
  return list.map((t, i) => {
    const started = performance.now();
    const fn = new HydrantFunction(stack, `F${i}`, { entry: t.entry, stage: 'bench', description: t.name });
    const cfn = fn.function.node.defaultChild as CfnFunction;
    const code = stack.resolve(cfn.code) as { s3Key?: string };
    const hash = code.s3Key?.replace(/\.zip$/, '');
    if (!hash) throw new Error(`${t.name}: no asset key in the template`);
    const dir = join(outdir, `asset.${hash}`);
    const file = join(dir, 'index.mjs');
    const bytes = readFileSync(file);
    const resources: Record<string, string> = {
      TABLE_NAME: 'hydrant-bench',
      DOCUMENTS_BUCKET: 'hydrant-bench-documents',
      USER_POOL_ID: 'eu-west-1_BENCHBENCH',
      USER_POOL_CLIENT_ID: 'benchbenchbenchbenchbench0',
      ...Object.fromEntries(appModel.queues.map((q) => [`QUEUE_URL_${q.name.toUpperCase().replace(/-/g, '_')}`, `https://sqs.eu-west-1.amazonaws.com/000000000000/${q.name}`])),
    };
    console.log(`  bundled ${t.name.padEnd(34)} ${(bytes.length / 1024).toFixed(0).padStart(6)} KB in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const env = deployed.get(resolve(t.entry)) ?? { ...resources, ...environmentOf(fn) };
    return { ...t, file, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length, env };
  });
}

/**
 * The esbuild options HydrantFunction's `bundling` block turns into (aws-lambda-nodejs
 * `Bundling.createBundlingCommand`): mirrored here only to get a metafile; `checkMirror`
 * verifies the output equals the CDK's, so a drift in hydrant-function.ts is reported.
 */
const BANNER = "import { createRequire as __hydrantCreateRequire } from 'node:module'; const require = __hydrantCreateRequire(import.meta.url);";
async function bundleForMetafile(entry: string, outfile: string, plugins: Plugin[] = []): Promise<Metafile> {
  const result = await build({
    entryPoints: [relative(ROOT, entry)],
    absWorkingDir: ROOT,
    bundle: true,
    target: HYDRANT_ESBUILD_TARGET,
    platform: 'node',
    format: 'esm',
    outfile,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    banner: { js: BANNER },
    metafile: true,
    logLevel: 'error',
    plugins,
  });
  return result.metafile;
}

/** The child: imports the bundle once and reports how long that took. Written as plain .mjs. */
const CHILD = `
const c0 = process.cpuUsage();
const t0 = performance.now();
const mod = await import(process.argv[2]);
const t1 = performance.now();
const c = process.cpuUsage(c0);
if (typeof mod.handler !== 'function') { console.error('no handler export'); process.exit(2); }
process.stdout.write(JSON.stringify({ importMs: t1 - t0, cpuMs: (c.user + c.system) / 1000, readyMs: t1 }) + '\\n');
`;

interface Sample {
  importMs: number;
  /** CPU time of the child (all its threads) during the import: far less sensitive to other load than wall time. */
  cpuMs: number;
  /** Child's own clock: process start (timeOrigin) to ready. */
  readyMs: number;
  /** Parent's clock: spawn() to the result line. */
  spawnMs: number;
}

function runOnce(childScript: string, b: Bundle, nodeOptions: string | undefined): Promise<Sample> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', ...RUNTIME_ENV, ...b.env };
  if (nodeOptions !== undefined) env.NODE_OPTIONS = nodeOptions;
  if (!env.NODE_OPTIONS) delete env.NODE_OPTIONS;
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [childScript, pathToFileURL(b.file).href], { env, stdio: ['ignore', 'pipe', 'pipe'], cwd: dirname(b.file) });
    let out = '';
    let err = '';
    let spawnMs = 0;
    child.stdout.on('data', (d: Buffer) => {
      if (!spawnMs && d.includes(10)) spawnMs = performance.now() - started;
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`${b.name}: child exited ${code}: ${err.trim().slice(0, 2000)}`));
      const line = JSON.parse(out.trim().split('\n').pop()!) as { importMs: number; cpuMs: number; readyMs: number };
      resolvePromise({ ...line, spawnMs });
    });
  });
}

/**
 * `--breakdown` probes: one import each (used the way the handlers use it), bundled with
 * the same options and measured in the same interleaved rounds, to see which import
 * dominates init. Not additive: probes share dependencies (zod, @smithy/*).
 */
const PROBES: Record<string, string> = {
  'zod (import + 1 schema)': "import { z } from 'zod'; export const s = z.object({ a: z.string() });",
  '@aws-sdk DynamoDB doc client': "import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'; export const c = DynamoDBDocumentClient.from(new DynamoDBClient({})); export const k = [GetCommand, QueryCommand];",
  'Powertools Logger': "import { Logger } from '@aws-lambda-powertools/logger'; export const l = new Logger();",
  'Powertools Metrics': "import { Metrics } from '@aws-lambda-powertools/metrics'; export const m = new Metrics({ namespace: 'Hydrant' });",
  'Powertools Tracer (X-Ray SDK)': "import { Tracer } from '@aws-lambda-powertools/tracer'; export const t = new Tracer();",
  '@middy/core': "import middy from '@middy/core'; export const h = middy();",
  'model: asset route schemas': "import { assetsRoutes } from '#lib/model/routes/assets'; export const r = assetsRoutes;",
  'platform: httpRoute stack': "import { httpRoute } from '#wiring/http-route'; export const h = httpRoute;",
};
const PROBE_HANDLER = '\nexport const handler = async () => ({ statusCode: 200 });\n';

async function bundleProbe(name: string, contents: string, outfile: string): Promise<Metafile> {
  const result = await build({
    stdin: { contents: contents + PROBE_HANDLER, resolveDir: ROOT, loader: 'ts', sourcefile: `probe-${name}.ts` },
    absWorkingDir: ROOT,
    bundle: true,
    target: HYDRANT_ESBUILD_TARGET,
    platform: 'node',
    format: 'esm',
    outfile,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    banner: { js: BANNER },
    metafile: true,
    logLevel: 'error',
  });
  return result.metafile;
}

/**
 * `--breakdown` what-ifs: the getAsset bundle rebuilt with one change applied at bundle
 * time (the sources are not touched), to size a fix before anyone makes it.
 */
const zodNamespaceImport: Plugin = {
  name: 'what-if-zod-namespace-import',
  setup(b) {
    b.onLoad({ filter: /\/(functions|lib)\/.*\.ts$/ }, (a) => ({
      contents: readFileSync(a.path, 'utf8').replace(/import \{ z \} from 'zod';/g, "import * as z from 'zod';"),
      loader: 'ts',
    }));
  },
};
const noXraySdk: Plugin = {
  name: 'what-if-no-xray-sdk',
  setup(b) {
    b.onResolve({ filter: /^@aws-lambda-powertools\/tracer(\/middleware)?$/ }, (a) => ({ path: a.path, namespace: 'no-xray' }));
    b.onLoad({ filter: /.*/, namespace: 'no-xray' }, () => ({
      contents: 'export class Tracer { captureAWSv3Client(c) { return c; } }\nexport const captureLambdaHandler = () => ({ before() {} });',
      loader: 'js',
    }));
  },
};
const WHAT_IFS: Record<string, Plugin[]> = {
  "getAsset, what-if import * as z from 'zod'": [zodNamespaceImport],
  'getAsset, what-if no X-Ray SDK (Tracer stubbed)': [noXraySdk],
  'getAsset, what-if both': [zodNamespaceImport, noXraySdk],
};

/** Which code was measured: the tree changes under a bench while others work in it. */
function provenance(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'functions', 'lib'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean).length;
    return `git ${head}${dirty ? ` + ${dirty} uncommitted change(s) under functions/ and lib/` : ', clean'}`;
  } catch {
    return 'git state unknown';
  }
}

/** The `--bundle-into` child: CDK bundling, whose esbuild runs print to this process's stderr. */
function bundleOnly(dir: string): void {
  const deployed = deployedEnvironments();
  const list = targets(deployed);
  console.log(`Bundling ${list.length} entries through HydrantFunction (CDK local esbuild) into ${dir}`);
  const bundles = bundleWithCdk(list, join(dir, 'cdk.out'), deployed);
  writeFileSync(join(dir, 'bundles.json'), JSON.stringify(bundles));
}

/** Runs the bundling in a child process and keeps its esbuild/CDK log unless it fails. */
async function bundleInChild(dir: string): Promise<Bundle[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', import.meta.filename, '--bundle-into', dir, ...(args.only ? ['--only', args.only] : [])], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const code = await new Promise<number | null>((res) => child.on('close', res));
  if (code !== 0) {
    console.error(log.split('\n').slice(-40).join('\n'));
    throw new Error(`bundling failed (exit ${code})`);
  }
  return JSON.parse(readFileSync(join(dir, 'bundles.json'), 'utf8')) as Bundle[];
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'hydrant-cold-'));
  try {
    console.log(`tree: ${provenance()}`);
    const bundles = await bundleInChild(work);

    // Check the mirrored options against the CDK's output (size and bytes of the JS).
    const metas = new Map<string, Metafile>();
    let mirrorOk = true;
    for (const b of bundles) {
      const outfile = join(work, 'mirror', b.name.replace(/[^\w-]/g, '_'), 'index.mjs');
      mkdirSync(dirname(outfile), { recursive: true });
      metas.set(b.name, await bundleForMetafile(b.entry, outfile));
      const cdkJs = readFileSync(b.file, 'utf8').replace(/\/\/# sourceMappingURL=.*\n?$/, '');
      const ourJs = readFileSync(outfile, 'utf8').replace(/\/\/# sourceMappingURL=.*\n?$/, '');
      if (cdkJs !== ourJs) {
        mirrorOk = false;
        console.log(`  note: the mirrored esbuild options give a different bundle for ${b.name} (${ourJs.length} vs ${cdkJs.length} chars): sizes and init below are the CDK's; if the other bundles match, a source changed between the two builds (others edit the tree)`);
      }
    }
    if (mirrorOk) console.log('  mirrored esbuild options reproduce every CDK bundle byte for byte (metafiles are exact)');

    if (args.breakdown) {
      const template = bundles.find((b) => b.name === 'getAsset') ?? bundles[0]!;
      for (const [name, contents] of Object.entries(PROBES)) {
        const file = join(work, 'probes', name.replace(/[^\w-]/g, '_'), 'index.mjs');
        mkdirSync(dirname(file), { recursive: true });
        metas.set(`probe: ${name}`, await bundleProbe(name, contents, file));
        const bytes = readFileSync(file);
        bundles.push({ name: `probe: ${name}`, entry: '(stdin)', file, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length, env: template.env });
      }
    }

    if (args.breakdown) {
      const getAsset = bundles.find((b) => b.name === 'getAsset');
      if (getAsset) {
        for (const [name, plugins] of Object.entries(WHAT_IFS)) {
          const file = join(work, 'what-if', name.replace(/[^\w-]/g, '_'), 'index.mjs');
          mkdirSync(dirname(file), { recursive: true });
          await bundleForMetafile(getAsset.entry, file, plugins);
          const bytes = readFileSync(file);
          bundles.push({ name: `probe: ${name}`, entry: getAsset.entry, file, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length, env: getAsset.env });
        }
      }
    }

    const childScript = join(work, 'measure.mjs');
    writeFileSync(childScript, CHILD);
    const nodeOptions = args['node-options'];
    const envNote = nodeOptions === undefined ? `NODE_OPTIONS as deployed (${bundles[0]!.env.NODE_OPTIONS ?? 'none'})` : `NODE_OPTIONS='${nodeOptions}' (override)`;
    console.log(`\nMeasuring ${RUNS} fresh processes per function, interleaved (+1 discarded warm-up round), ${envNote}, node ${process.version}`);

    const samples = new Map<string, Sample[]>(bundles.map((b) => [b.name, []]));
    const started = performance.now();
    const failed = new Map<string, string>();
    for (let round = 0; round <= RUNS; round++) {
      for (const b of shuffle(bundles.filter((x) => !failed.has(x.name)))) {
        try {
          const s = await runOnce(childScript, b, nodeOptions);
          if (round > 0) samples.get(b.name)!.push(s);
        } catch (error) {
          // A function whose init throws would fail its cold start in Lambda too: report it, go on.
          failed.set(b.name, (error as Error).message.split('\n').find((l) => /Error:/.test(l))?.trim() ?? (error as Error).message.slice(0, 200));
        }
      }
      process.stderr.write(`\r  round ${round}/${RUNS}`);
    }
    console.log(`  load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores (other work on the machine is noise here; medians and interleaving absorb some of it)`);
    process.stderr.write(`\r  ${RUNS} rounds in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);

    for (const [name, why] of failed) console.log(`  INIT FAILED ${name}: ${why}`);
    if (failed.has(EMPTY) || failed.has(GET_ITEM)) throw new Error('a baseline failed to load: the bench itself is broken');
    const medians = (name: string) => {
      const ss = samples.get(name)!;
      return { initMs: median(ss.map((s) => s.importMs)), cpuMs: median(ss.map((s) => s.cpuMs)), spawnMs: median(ss.map((s) => s.spawnMs)) };
    };
    const base = medians(GET_ITEM);
    const empty = medians(EMPTY);
    const rows = bundles.filter((b) => !failed.has(b.name)).map((b) => {
      const ss = samples.get(b.name)!;
      const m = medians(b.name);
      return {
        name: b.name,
        group: groupOf(b.name),
        kb: b.bytes / 1024,
        gzKb: b.gzipBytes / 1024,
        initMs: m.initMs,
        p90: quantile(ss.map((s) => s.importMs), 0.9),
        cpuMs: m.cpuMs,
        spawnMs: m.spawnMs,
      };
    });

    const header = ['function', 'bundle KB', 'gzip KB', 'init med ms', 'init p90 ms', 'x baseline', 'init CPU ms', 'x baseline', 'process med ms'];
    const section = (title: string, group: ColdGroup) => {
      const list = rows.filter((r) => r.group === group);
      if (!list.length) return;
      const table = list.map((r) => [r.name, r.kb.toFixed(1), r.gzKb.toFixed(1), r.initMs.toFixed(1), r.p90.toFixed(1), `${(r.initMs / base.initMs).toFixed(2)}x`, r.cpuMs.toFixed(1), `${(r.cpuMs / base.cpuMs).toFixed(2)}x`, r.spawnMs.toFixed(1)]);
      console.log(`\n${title}\n${formatTable(header, table)}`);
    };
    section('Baselines (built and measured in this run)', 'baseline');
    section('Route functions (judged against the GetItem baseline)', 'route');
    section('The batch route (reported, not judged)', 'batch');
    section('Workers: queue consumers, schedules, stream consumers, triggers (reported, not judged)', 'worker');
    section('Probes (--breakdown)', 'probe');
    console.log(`\ninit = wall time (performance.now()) around await import(bundle) in the child; init CPU = the child's CPU time (all threads) over the same import;`);
    console.log(`process = spawn() to the child's result line (node boot + init), parent's clock. x baseline = ratio of medians to the ${GET_ITEM}'s.`);

    const routeFailures = [...failed.keys()].filter((n) => groupOf(n) === 'route');
    const v = judgeRoutes(rows, base, routeFailures);
    const routes = rows.filter((r) => r.group === 'route');
    if (routes.length) {
      console.log(`\nbaseline: ${GET_ITEM} ${base.initMs.toFixed(1)} ms init (${base.cpuMs.toFixed(1)} ms CPU), ${(bundles.find((b) => b.name === GET_ITEM)!.bytes / 1024).toFixed(1)} KB; ${EMPTY} ${empty.initMs.toFixed(1)} ms`);
      console.log(
        `target: every route function's init within ${INIT_RATIO_TARGET}x of the baseline's: ${v.initPass ? 'PASS' : 'FAIL'} (worst ${v.worstInit!.name} at ${v.worstInit!.ratio.toFixed(2)}x; ${v.overInit.length}/${routes.length + routeFailures.length} over` +
          `${routeFailures.length ? `; failed to initialise: ${routeFailures.join(', ')}` : ''})`,
      );
      console.log(`  (same target on init CPU time: ${v.cpuPass ? 'PASS' : 'FAIL'}, worst ${v.worstCpu!.name} at ${v.worstCpu!.ratio.toFixed(2)}x)`);
      console.log(`target: no route bundle over ${BUNDLE_KB_TARGET} KB: ${v.bundlePass ? 'PASS' : 'FAIL'} (largest ${v.largest!.name} ${v.largest!.kb.toFixed(1)} KB; ${v.overBundle.length}/${routes.length} over)`);
      const fmtRange = (list: typeof rows) => (list.length ? `init ${Math.min(...list.map((r) => r.initMs)).toFixed(0)}-${Math.max(...list.map((r) => r.initMs)).toFixed(0)} ms, bundles ${Math.min(...list.map((r) => r.kb)).toFixed(0)}-${Math.max(...list.map((r) => r.kb)).toFixed(0)} KB` : 'none measured');
      console.log(`routes: ${fmtRange(routes)}; batch: ${fmtRange(rows.filter((r) => r.group === 'batch'))}; workers: ${fmtRange(rows.filter((r) => r.group === 'worker'))}`);
    }
    const fns = rows.filter((r) => r.group !== 'baseline' && r.group !== 'probe');

    if (args.breakdown) {
      const heaviest = [...fns].sort((a, b) => b.kb - a.kb)[0];
      for (const r of [heaviest, fns.find((f) => f.name === 'getAsset')]) {
        if (!r) continue;
        const meta = metas.get(r.name)!;
        console.log(`\nBytes in the minified bundle of ${r.name}, by package (esbuild metafile):`);
        for (const [pkg, bytes] of bytesByPackage(meta).slice(0, 15)) console.log(`  ${pkg.padEnd(48)} ${(bytes / 1024).toFixed(1).padStart(8)} KB`);
      }
    }
  } finally {
    if (args.keep) console.log(`\nkept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

// Fail loudly on a bench bug but always exit 0 on a target miss (the verdict is printed).
if (args['bundle-into']) bundleOnly(args['bundle-into']);
else await main();
