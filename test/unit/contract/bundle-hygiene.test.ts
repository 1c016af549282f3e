/**
 * Habits that keep Lambda bundles small (measured with `npm run bench:cold`): zod is
 * imported as a namespace (`import * as z`), which esbuild tree-shakes; the named
 * `{ z }` import drags in all of zod and its locales (+220 KB per function). No function
 * loads the X-Ray SDK (Powertools Tracer, `aws-xray-sdk-core`: ~115 KB and a fifth of a
 * route's init CPU): Lambda's active tracing, set on every function by `HydrantFunction`,
 * records the invocation without it (`functions/platform/observability.ts` says why).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

describe('bundle hygiene', () => {
  it('imports zod as a namespace everywhere code is bundled into functions', () => {
    const offenders = [...sources(path.join(ROOT, 'functions')), ...sources(path.join(ROOT, 'lib/model'))].filter((file) =>
      /import\s*\{\s*z\s*\}\s*from\s*'zod'/.test(readFileSync(file, 'utf8')),
    );
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });

  it('loads no X-Ray SDK in any function (active tracing is set in the CDK instead)', () => {
    const offenders = [...sources(path.join(ROOT, 'functions')), ...sources(path.join(ROOT, 'lib/model'))].filter((file) =>
      /from\s*'(@aws-lambda-powertools\/tracer[^']*|aws-xray-sdk[^']*)'/.test(readFileSync(file, 'utf8')),
    );
    expect(offenders.map((f) => path.relative(ROOT, f))).toEqual([]);
  });
});
