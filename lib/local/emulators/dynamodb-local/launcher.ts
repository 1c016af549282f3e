/**
 * DynamoDB Local (Java) for the local stack and the integration tests.
 *
 * The jar comes from the `emulator/` folder of the npm package
 * `amplify-dynamodb-simulator@2.9.30` (DynamoDB Local 1.25.1). It is fetched with
 * `npm pack` at setup into `.local/dynamodb-local/` and never committed: its licence
 * forbids redistribution.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { localClientConfig } from '../aws-clients';
import { getFreePort, isPortFree } from '../free-port';

const execFileAsync = promisify(execFile);

const PACKAGE_NAME = 'amplify-dynamodb-simulator';
const PACKAGE_VERSION = '2.9.30';
/** The registry's `dist.integrity` for the version above; pinned so a swapped tarball is refused. */
const PACKAGE_INTEGRITY =
  'sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ==';
/** Written last inside the extracted folder; its presence means the folder is complete. */
const MARKER_FILE = '.hydrant-emulator.json';
const JAR_FILE = 'DynamoDBLocal.jar';
const NATIVE_LIB_DIR = 'DynamoDBLocal_lib';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Where `ensureDynamoDbLocal()` puts the emulator unless told otherwise (gitignored). */
export const DEFAULT_DYNAMODB_LOCAL_DIR = join(REPO_ROOT, '.local', 'dynamodb-local');

const JAVA_MISSING_HELP =
  'DynamoDB Local needs Java 17 or newer on the PATH. Install it with ' +
  '`apt-get install -y openjdk-17-jre-headless` (Debian/Ubuntu), then retry.';

/** Options of {@link ensureDynamoDbLocal}. */
export interface EnsureDynamoDbLocalOptions {
  /**
   * Folder that will hold `DynamoDBLocal.jar` and `DynamoDBLocal_lib/`.
   * @default DEFAULT_DYNAMODB_LOCAL_DIR (`<repo>/.local/dynamodb-local`)
   */
  dir?: string;
  /** Receives one line per step actually taken (fetch, verify, extract), for setup scripts. */
  onProgress?: (message: string) => void;
}

interface Marker {
  package: string;
  version: string;
  integrity: string;
}

// Same-process callers share one attempt; other processes are handled by the atomic rename.
const ensuring = new Map<string, Promise<string>>();
let javaChecked: Promise<void> | undefined;

/**
 * Makes sure DynamoDB Local is installed and Java can run it; returns its folder.
 *
 * Idempotent and safe to call from several processes at once: each caller that finds
 * no complete folder downloads (`npm pack`, integrity checked against the pinned
 * registry hash) and extracts into a private temporary folder, then renames it into
 * place; the loser of that rename discards its copy and uses the winner's.
 *
 * @throws if `java -version` fails (with the command to install Java 17), or if
 *   `npm pack`/`tar` fail or the tarball does not match the pinned integrity.
 */
export async function ensureDynamoDbLocal(opts: EnsureDynamoDbLocalOptions = {}): Promise<string> {
  const dir = resolve(opts.dir ?? DEFAULT_DYNAMODB_LOCAL_DIR);
  const log = opts.onProgress ?? (() => {});
  await assertJavaWorks();
  let pending = ensuring.get(dir);
  if (!pending) {
    pending = installIfMissing(dir, log);
    ensuring.set(dir, pending);
    // A failed attempt must not poison later calls in the same process.
    pending.catch(() => ensuring.delete(dir));
  }
  return pending;
}

function assertJavaWorks(): Promise<void> {
  // Cache success only, so installing Java fixes a long-lived process without a restart.
  javaChecked ??= checkJava().catch((err: unknown) => {
    javaChecked = undefined;
    throw err;
  });
  return javaChecked;
}

async function checkJava(): Promise<void> {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8', timeout: 30_000 });
  if (result.error || result.status !== 0) {
    const cause = result.error?.message ?? `exit code ${result.status}: ${result.stderr.trim()}`;
    throw new Error(`\`java -version\` failed (${cause}). ${JAVA_MISSING_HELP}`);
  }
}

async function isComplete(dir: string): Promise<boolean> {
  try {
    const marker = JSON.parse(await readFile(join(dir, MARKER_FILE), 'utf8')) as Partial<Marker>;
    return (
      marker.package === PACKAGE_NAME &&
      marker.version === PACKAGE_VERSION &&
      marker.integrity === PACKAGE_INTEGRITY &&
      existsSync(join(dir, JAR_FILE))
    );
  } catch {
    return false;
  }
}

async function installIfMissing(dir: string, log: (message: string) => void): Promise<string> {
  if (await isComplete(dir)) {
    log(`DynamoDB Local already present in ${dir}`);
    return dir;
  }
  await mkdir(dirname(dir), { recursive: true });
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  // Sibling of the target so the final rename stays on one filesystem, hence atomic.
  const staging = `${dir}.tmp-${suffix}`;
  const packDir = await mkdtemp(join(tmpdir(), 'hydrant-ddb-pack-'));
  try {
    const started = Date.now();
    log(`Fetching ${PACKAGE_NAME}@${PACKAGE_VERSION} with npm pack...`);
    const tarball = await npmPack(packDir);
    await verifyIntegrity(tarball);
    log(`Verified ${PACKAGE_INTEGRITY.slice(0, 20)}... ; extracting emulator/ ...`);
    await mkdir(staging);
    // Only emulator/ is needed: the package's Node wrapper pulls in amplify-cli-core.
    await execFileAsync('tar', ['-xzf', tarball, '-C', staging, '--strip-components=2', 'package/emulator']);
    if (!existsSync(join(staging, JAR_FILE)) || !existsSync(join(staging, NATIVE_LIB_DIR))) {
      throw new Error(`${PACKAGE_NAME}@${PACKAGE_VERSION} has no emulator/${JAR_FILE}: layout changed?`);
    }
    const marker: Marker = { package: PACKAGE_NAME, version: PACKAGE_VERSION, integrity: PACKAGE_INTEGRITY };
    await writeFile(join(staging, MARKER_FILE), `${JSON.stringify(marker, null, 2)}\n`);
    const won = await moveIntoPlace(staging, dir, suffix);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    log(
      won
        ? `DynamoDB Local ready in ${dir} (${seconds} s)`
        : `Another process installed DynamoDB Local in ${dir} first; using its copy (${seconds} s)`,
    );
    return dir;
  } finally {
    await rm(packDir, { recursive: true, force: true });
    await rm(staging, { recursive: true, force: true });
  }
}

async function npmPack(destination: string): Promise<string> {
  const { stdout } = await execFileAsync(
    'npm',
    ['pack', `${PACKAGE_NAME}@${PACKAGE_VERSION}`, '--pack-destination', destination, '--json', '--silent'],
    // Run from the repo so a project .npmrc (registry mirror) applies.
    { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024, timeout: 5 * 60_000 },
  ).catch((err: unknown) => {
    const detail = err instanceof Error ? `${err.message}` : String(err);
    throw new Error(`npm pack ${PACKAGE_NAME}@${PACKAGE_VERSION} failed: ${detail}`);
  });
  const [entry] = JSON.parse(stdout) as Array<{ filename: string }>;
  if (!entry) throw new Error(`npm pack ${PACKAGE_NAME}@${PACKAGE_VERSION} produced no tarball`);
  return join(destination, entry.filename);
}

async function verifyIntegrity(tarball: string): Promise<void> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(tarball)) hash.update(chunk as Buffer);
  const actual = `sha512-${hash.digest('base64')}`;
  if (actual !== PACKAGE_INTEGRITY) {
    throw new Error(`${tarball} has integrity ${actual}, expected ${PACKAGE_INTEGRITY}; refusing to use it`);
  }
}

/** Renames `staging` to `dir`; resolves `false` when another process got there first. */
async function moveIntoPlace(staging: string, dir: string, suffix: string): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await rename(staging, dir);
      return true;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
      // Another process won the race with a complete copy: use it.
      if (await isComplete(dir)) return false;
      // An outdated or broken folder is in the way: move it aside (atomic) and retry.
      const stale = `${dir}.stale-${suffix}-${attempt}`;
      await rename(dir, stale).catch(() => {});
      await rm(stale, { recursive: true, force: true });
    }
  }
  if (!(await isComplete(dir))) throw new Error(`Could not install DynamoDB Local into ${dir}`);
  return false;
}

/** Options of {@link startDynamoDbLocal}. */
export interface StartDynamoDbLocalOptions {
  /** TCP port; `0` or absent picks a free one. */
  port?: number;
  /**
   * How long to wait for the first successful ListTables.
   * @default HYDRANT_DYNAMODB_START_TIMEOUT_MS or 60000
   */
  startTimeoutMs?: number;
}

/** A running DynamoDB Local. */
export interface DynamoDbLocal {
  /** Base URL for SDK clients, e.g. `http://127.0.0.1:41234`; see `localClientConfig`. */
  endpoint: string;
  port: number;
  /** PID of the Java process, for diagnostics. */
  pid: number;
  /** Kills Java (SIGTERM, SIGKILL after 5 s) and resolves once it has exited. Idempotent. */
  stop(): Promise<void>;
}

/**
 * 60 s by default: ~10 s is typical for three at once, but the full suite on 2 cores
 * (vitest workers, tsc and an `npm start` of the e2e tests starting their own) has taken
 * more than 30 s. Inherited by child processes, so it reaches every launcher at once.
 */
function startTimeoutFromEnv(): number {
  const raw = process.env.HYDRANT_DYNAMODB_START_TIMEOUT_MS;
  if (raw === undefined || raw === '') return 60_000;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms <= 0) throw new Error(`HYDRANT_DYNAMODB_START_TIMEOUT_MS must be a positive number of milliseconds, not "${raw}"`);
  return ms;
}

/** How much of Java's stdout+stderr is kept for error messages. */
const OUTPUT_TAIL_CHARS = 4_000;

/** The port was taken (possibly between probing and binding): worth a retry on another. */
class PortInUseError extends Error {}

/**
 * Starts DynamoDB Local in memory and resolves once it answers a real `ListTables`.
 *
 * Runs `java -Djava.library.path=<dir>/DynamoDBLocal_lib -jar DynamoDBLocal.jar
 * -inMemory -sharedDb -disableTelemetry -port <port>`. `-sharedDb` makes every client
 * see the same tables whatever its credentials or region (DynamoDB Local otherwise
 * keeps one database per access key and region, which would split the local stack
 * from its tests). Note that DynamoDB Local has no bind-address option: it listens on
 * all interfaces.
 *
 * Startup, measured on the 2-vCPU dev machines (Java 17, DynamoDB Local 1.25.1):
 * 1.5-2 s to the first answered ListTables when idle, 2.5-5 s under load, ~10 s for
 * three at once; `stop()` takes ~0.35 s. Share one instance where you can.
 *
 * No Java process outlives its parent: `stop()`, handlers on `exit`, SIGINT, SIGTERM
 * and SIGHUP kill it, and a detached watchdog (`sh` blocked on a pipe from this
 * process) kills it when the parent dies without running handlers (SIGKILL, crash).
 *
 * @throws with the tail of Java's output if Java exits early or is not ready in time.
 */
export async function startDynamoDbLocal(opts: StartDynamoDbLocalOptions = {}): Promise<DynamoDbLocal> {
  const dir = await ensureDynamoDbLocal();
  const timeoutMs = opts.startTimeoutMs ?? startTimeoutFromEnv();
  const fixedPort = opts.port !== undefined && opts.port !== 0 ? opts.port : undefined;
  // Otherwise another server already on that port (say, a second DynamoDB Local)
  // could answer the readiness probe before our Java reports its bind failure.
  if (fixedPort !== undefined && !(await isPortFree(fixedPort))) {
    throw new PortInUseError(`Cannot start DynamoDB Local: port ${fixedPort} is already in use`);
  }
  // A free port can be taken between probing and Java binding it: retry with another.
  for (let attempt = 1; ; attempt++) {
    const port = fixedPort ?? (await getFreePort());
    try {
      return await launch(dir, port, timeoutMs);
    } catch (err) {
      if (fixedPort !== undefined || attempt >= 3 || !(err instanceof PortInUseError)) throw err;
    }
  }
}

async function launch(dir: string, port: number, timeoutMs: number): Promise<DynamoDbLocal> {
  const java = spawn(
    'java',
    [
      `-Djava.library.path=${join(dir, NATIVE_LIB_DIR)}`,
      '-jar',
      JAR_FILE,
      '-inMemory',
      '-sharedDb',
      '-disableTelemetry',
      '-port',
      String(port),
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  java.stdout?.on('data', collect);
  java.stderr?.on('data', collect);
  const exited = new Promise<void>((resolveExit) => java.once('exit', () => resolveExit()));
  if (java.pid === undefined) {
    // Spawn failures (ENOENT...) are reported asynchronously as an 'error' event.
    const [err] = (await once(java, 'error')) as [Error];
    throw new Error(`Could not start java: ${err.message}. ${JAVA_MISSING_HELP}`);
  }
  java.on('error', () => {}); // a failed kill() must not crash the parent
  const pid = java.pid;
  const watchdog = spawnWatchdog(pid);
  track(java, watchdog);
  java.once('exit', () => {
    untrack(java);
    killGroup(watchdog);
  });
  // Let a caller that forgets stop() still exit; the exit handler then kills Java.
  java.unref();
  (java.stdout as unknown as { unref?: () => void } | null)?.unref?.();
  (java.stderr as unknown as { unref?: () => void } | null)?.unref?.();

  const endpoint = `http://127.0.0.1:${port}`;
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (java.exitCode !== null || java.signalCode !== null) return;
      java.kill('SIGTERM');
      const timer = setTimeout(() => java.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    })();
    return stopping;
  };

  try {
    await waitUntilReady(endpoint, port, timeoutMs, exited, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  return { endpoint, port, pid, stop };
}

async function waitUntilReady(
  endpoint: string,
  port: number,
  timeoutMs: number,
  exited: Promise<void>,
  output: () => string,
): Promise<void> {
  const client = new DynamoDBClient({ ...localClientConfig(endpoint), maxAttempts: 1 });
  const deadline = Date.now() + timeoutMs;
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  let lastError: unknown;
  try {
    while (Date.now() < deadline) {
      if (hasExited) {
        throw new Error(`DynamoDB Local exited before it was ready. Java output (tail):\n${output()}`);
      }
      // After a failed start Jetty's threads keep the JVM alive: read the failure
      // from its output instead of waiting for the timeout.
      if (/Failed to bind|BindException|Address already in use/.test(output())) {
        throw new PortInUseError(
          `DynamoDB Local could not bind port ${port}: already in use. Java output (tail):\n${output()}`,
        );
      }
      if (output().includes('Exception in thread "main"')) {
        throw new Error(`DynamoDB Local failed to start. Java output (tail):\n${output()}`);
      }
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(2_000) });
        return;
      } catch (err) {
        lastError = err;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const reason = lastError instanceof Error ? lastError.message : String(lastError);
    throw new Error(
      `DynamoDB Local did not answer ListTables on ${endpoint} within ${timeoutMs} ms (last error: ${reason}). ` +
        `Java output (tail):\n${output()}`,
    );
  } finally {
    client.destroy();
  }
}

/**
 * A detached `sh` that blocks reading a pipe whose only writer is this process. The
 * kernel closes that pipe however this process dies, `cat` sees EOF and the shell
 * kills Java. Detached so a Ctrl-C to the process group cannot kill it first.
 */
function spawnWatchdog(javaPid: number): ChildProcess {
  const script = 'cat >/dev/null; kill -9 "$1" 2>/dev/null';
  // "$0" names the process so `ps` shows which Java it guards.
  const watchdog = spawn('/bin/sh', ['-c', script, 'hydrant-ddb-watchdog', String(javaPid)], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  });
  watchdog.on('error', () => {}); // best effort: the exit handlers remain
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return watchdog;
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL'); // the group: sh and its cat
  } catch {
    // already gone
  }
}

// Live Java processes and their watchdogs, for the process-level handlers.
const live = new Map<ChildProcess, ChildProcess>();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function killAllNow(): void {
  for (const [java, watchdog] of live) {
    try {
      java.kill('SIGKILL');
    } catch {
      // already gone
    }
    killGroup(watchdog);
  }
  live.clear();
}

function onExit(): void {
  killAllNow();
}

function onSignal(signal: NodeJS.Signals): void {
  killAllNow();
  uninstallHandlers();
  // Our listener suppressed Node's default "die on signal"; restore it unless
  // someone else handles the signal.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function track(java: ChildProcess, watchdog: ChildProcess): void {
  if (live.size === 0) {
    process.on('exit', onExit);
    for (const signal of SIGNALS) process.on(signal, onSignal);
  }
  live.set(java, watchdog);
}

function untrack(java: ChildProcess): void {
  live.delete(java);
  if (live.size === 0) uninstallHandlers();
}

function uninstallHandlers(): void {
  process.off('exit', onExit);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}
