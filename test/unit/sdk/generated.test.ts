/** The SDK's types are generated from the contract, and its runtime code type-checks as browser code (no Node API). */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { GENERATED_ASYNC } from '../../../scripts/generate';

const ROOT = new URL('../../../', import.meta.url);

describe('the SDK', () => {
  it('has the types `npm run generate` makes from openapi.yaml (run it after changing a route)', async () => {
    for (const [file, render] of Object.entries(GENERATED_ASYNC)) {
      expect(readFileSync(new URL(file, ROOT), 'utf8') === (await render()), `${file} is stale: run npm run generate`).toBe(true);
    }
  });

  it('type-checks with the DOM library and without Node types (sdk/tsconfig.json)', () => {
    const tsc = new URL('node_modules/typescript/bin/tsc', ROOT).pathname;
    expect(() => execFileSync(process.execPath, [tsc, '-p', new URL('sdk/tsconfig.json', ROOT).pathname], { stdio: 'pipe', timeout: 120_000 })).not.toThrow();
  }, 180_000);
});
