/**
 * One-time (idempotent) setup of the local emulators: `npx tsx scripts/setup.ts`.
 *
 * Fetches DynamoDB Local into `.local/dynamodb-local/` unless it is already there
 * and checks that Java runs; installs Debian's Chromium for the console's browser tests when
 * it is missing. With `--smoke`, also starts DynamoDB Local once, times it and stops it.
 * fauxqs needs nothing: it is an npm dependency that runs in-process.
 */
import { spawnSync } from 'node:child_process';
import { ensureDynamoDbLocal, startDynamoDbLocal } from '#lib/local/emulators/dynamodb-local/launcher';

/** DynamoDB Local needs a Java runtime: install Debian's when it is missing and we may (root with apt-get). */
function ensureJava(): void {
  if (spawnSync('java', ['-version']).status === 0) return;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || spawnSync('which', ['apt-get']).status !== 0) return; // ensureDynamoDbLocal explains what to install
  console.log('[setup] Java is missing: installing openjdk-17-jre-headless with apt-get');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  spawnSync('apt-get', ['install', '-y', '-qq', 'openjdk-17-jre-headless'], { stdio: 'inherit', env });
}

/** Where the browser tests find Chromium (playwright-core drives it; it downloads no browser). */
export const CHROMIUM_PATH = process.env.HYDRANT_CHROMIUM ?? '/usr/bin/chromium';

/** The console's browser tests need Chromium: install Debian's when it is missing and we may (root with apt-get). */
function ensureChromium(): void {
  if (spawnSync(CHROMIUM_PATH, ['--version']).status === 0) return;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || spawnSync('which', ['apt-get']).status !== 0) {
    console.log(`[setup] Chromium is missing at ${CHROMIUM_PATH}: install it (Debian: apt-get install chromium) or set HYDRANT_CHROMIUM`);
    return;
  }
  console.log('[setup] Chromium is missing: installing chromium with apt-get');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
}

async function main(): Promise<void> {
  ensureJava();
  ensureChromium();
  const dir = await ensureDynamoDbLocal({ onProgress: (message) => console.log(`[setup] ${message}`) });
  if (process.argv.includes('--smoke')) {
    const started = Date.now();
    const ddb = await startDynamoDbLocal();
    console.log(`[setup] DynamoDB Local answered on ${ddb.endpoint} after ${Date.now() - started} ms`);
    await ddb.stop();
  }
  console.log(`[setup] done: DynamoDB Local in ${dir}`);
}

main().catch((err: unknown) => {
  console.error(`[setup] failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
