/**
 * One-time (idempotent) setup of the local emulators: `npx tsx scripts/setup.ts`.
 *
 * Fetches DynamoDB Local into `.local/dynamodb-local/` unless it is already there
 * and checks that Java runs. With `--smoke`, also starts it once, times it and stops it.
 * fauxqs needs nothing: it is an npm dependency that runs in-process.
 */
import { ensureDynamoDbLocal, startDynamoDbLocal } from '#lib/local/emulators/dynamodb-local';

async function main(): Promise<void> {
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
