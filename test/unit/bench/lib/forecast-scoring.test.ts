/** The forecasting benchmark's committed data and its scoring (bench/lib/forecast-scoring.ts). */
import { describe, expect, it } from 'vitest';
import { loadBenchmark, summarize, type Score } from '../../../../bench/lib/forecast-scoring';

const dir = new URL('../../../fixtures/forecasting', import.meta.url).pathname;

describe('benchmark fixtures', () => {
  const bench = loadBenchmark(dir);

  it('puts every series in one half, each half holding every frequency group', () => {
    for (const half of ['tuning', 'validation']) {
      const groups = new Set(bench.series.filter((s) => bench.halves[s.id] === half).map((s) => s.group));
      expect([...groups].sort()).toEqual(['daily', 'monthly', 'quarterly', 'weekly']);
    }
  });

  it('has R forecasts of the full horizon for every origin of every series (auto.arima, ets, theta)', () => {
    for (const s of bench.series) {
      for (const origin of s.origins) {
        expect(origin + s.horizon).toBeLessThanOrEqual(s.values.length);
        for (const method of ['auto.arima', 'ets', 'theta']) {
          const fit = bench.r.find((f) => f.id === s.id && f.origin === origin && f.method === method);
          expect(fit?.mean, `${s.id} ${origin} ${method}`).toHaveLength(s.horizon);
        }
      }
    }
  });
});

describe('summarize', () => {
  const row = (id: string, mase: number, in95: number, ms: number): Score => ({ method: 'm', id, origin: 0, mase, smape: 0, in95, count: 4, ms });

  it('averages MASE over origins within a series, then over series; pools coverage; takes the median time per fit', () => {
    const scores = [row('a', 1, 4, 10), row('a', 3, 2, 30), row('b', 1, 4, 20), row('c', 100, 0, 5)];
    const sum = summarize(scores, new Set(['a', 'b']))!;
    expect(sum).toEqual({ series: 2, fits: 3, mase: (2 + 1) / 2, smape: 0, coverage95: 10 / 12, medianMs: 20 });
    expect(summarize(scores, new Set(['z']))).toBeNull();
  });
});
