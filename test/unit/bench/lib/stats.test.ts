import type { Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bytesByPackage, formatTable, median, quantile, shuffle } from '../../../../bench/lib/stats';

describe('bench statistics', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(/empty/);
  });

  it('gives nearest-rank quantiles', () => {
    const fifteen = Array.from({ length: 15 }, (_, i) => 15 - i); // 15..1, unsorted on purpose
    expect(quantile(fifteen, 0.9)).toBe(14);
    expect(quantile(fifteen, 0.5)).toBe(8);
    expect(quantile(fifteen, 0)).toBe(1);
    expect(quantile(fifteen, 1)).toBe(15);
    expect(() => quantile(fifteen, 1.5)).toThrow(/outside/);
  });

  it('shuffles into a permutation without touching the input', () => {
    const input = [1, 2, 3, 4, 5];
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const out = shuffle(input, random);
    expect(input).toEqual([1, 2, 3, 4, 5]);
    expect([...out].sort()).toEqual(input);
    expect(out).not.toEqual(input);
  });
});

describe('bench table and metafile grouping', () => {
  it('aligns the name left and the figures right', () => {
    expect(formatTable(['function', 'ms'], [['getAsset', '74.0'], ['EMPTY', '1.7']])).toBe(
      ['function    ms', '--------  ----', 'getAsset  74.0', 'EMPTY      1.7'].join('\n'),
    );
  });

  it('sums output bytes by package and project folder', () => {
    const meta = {
      inputs: {},
      outputs: {
        'out/index.mjs': {
          entryPoint: 'functions/http/assets/get.ts',
          bytes: 0,
          imports: [],
          exports: [],
          inputs: {
            'node_modules/zod/v4/core/schemas.js': { bytesInOutput: 300 },
            'node_modules/zod/v4/locales/he.js': { bytesInOutput: 200 },
            'node_modules/@smithy/core/dist-es/index.js': { bytesInOutput: 250 },
            'node_modules/@aws-sdk/lib-dynamodb/node_modules/@smithy/core/x.js': { bytesInOutput: 50 },
            'functions/http-stack/http-route.ts': { bytesInOutput: 40 },
          },
        },
      },
    } as unknown as Metafile;
    expect(bytesByPackage(meta)).toEqual([
      ['zod', 500],
      ['@smithy/core', 300],
      ['functions/http-stack', 40],
    ]);
  });
});
