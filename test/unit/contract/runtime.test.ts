/**
 * The tests run on the Node.js the functions are deployed on. The `node` devDependency
 * (package.json, pinned) puts its binary in node_modules/.bin, which `npm run`/`npx` put
 * first on PATH: vitest, tsx, cdk and every `#!/usr/bin/env node` script, and each child
 * process started by name, run on it rather than on the machine's Node.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { HYDRANT_ESBUILD_TARGET, HYDRANT_RUNTIME } from '#lib/cloud/hydrant-function';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { devDependencies: Record<string, string>; engines: { node: string } };

describe('the runtime the tests run on', () => {
  it('is Node.js 24', () => {
    expect(process.version).toMatch(/^v24\./);
  });

  it('is the pinned node devDependency, exactly', () => {
    expect(pkg.devDependencies.node).toMatch(/^24\.\d+\.\d+$/);
    expect(process.version).toBe(`v${pkg.devDependencies.node}`);
  });

  it('is the one a child process started by name gets (PATH), so tsx, cdk and the scripts run on it too', async () => {
    const { stdout } = await promisify(execFile)('node', ['-p', 'process.version']);
    expect(stdout.trim()).toBe(process.version);
  });

  it('is the Lambda runtime and the esbuild target of every bundle', () => {
    const major = process.versions.node.split('.')[0];
    expect(HYDRANT_RUNTIME.name).toBe(`nodejs${major}.x`);
    expect(HYDRANT_ESBUILD_TARGET).toBe(`node${major}`);
    expect(pkg.engines.node).toBe(`>=${major}`);
  });
});
