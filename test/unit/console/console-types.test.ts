/** The console type-checks as a browser runs it: DOM library, preact's JSX, no Node types (console/tsconfig.json). */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('the console sources', () => {
  it('type-check with the DOM library and no Node types', () => {
    const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'console/tsconfig.json'], { encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 120_000);
});
