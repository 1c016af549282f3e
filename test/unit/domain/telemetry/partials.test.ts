/** Mergeable partials: merging partials of any split equals aggregating the raw values. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { finalize, mergePartials, partialOf, partialOfReadings, type Partial } from '#domain/telemetry/partials';
import { AGGREGATIONS, type Aggregation } from '#domain/telemetry/types';

function direct(values: Array<{ ts: number; value: number }>, agg: Aggregation): number | null {
  const v = values.map((x) => x.value);
  const byTs = [...values].sort((a, b) => a.ts - b.ts);
  const n = v.length;
  const mean = v.reduce((s, x) => s + x, 0) / n;
  switch (agg) {
    case 'avg':
      return mean;
    case 'min':
      return Math.min(...v);
    case 'max':
      return Math.max(...v);
    case 'sum':
      return v.reduce((s, x) => s + x, 0);
    case 'count':
      return n;
    case 'first':
      return (byTs[0] as { value: number }).value;
    case 'last':
      return (byTs[n - 1] as { value: number }).value;
    case 'stddev':
      return n < 2 ? null : Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  }
}

/** Readings with distinct timestamps (a sensor stores one reading per instant). */
const readings = fc
  .uniqueArray(fc.integer({ min: 0, max: 10_000_000 }), { minLength: 1, maxLength: 60 })
  .chain((times) => fc.tuple(fc.constant(times), fc.array(fc.double({ min: -1000, max: 1000, noNaN: true }), { minLength: times.length, maxLength: times.length })))
  .map(([times, values]) => times.map((ts, i) => ({ ts, value: values[i] as number })));

const close = (a: number | null, b: number | null, scale: number) => {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-7 * Math.max(1, scale);
};

describe('partials', () => {
  it('merging the partials of any split of the readings equals aggregating them raw', () => {
    fc.assert(
      fc.property(readings, fc.array(fc.nat(), { maxLength: 10 }), fc.constantFrom(...AGGREGATIONS), (values, cuts, agg) => {
        // Split into consecutive chunks at arbitrary places, shuffle them, merge their partials.
        const points = [...new Set(cuts.map((c) => c % values.length))].sort((a, b) => a - b);
        const chunks: Array<typeof values> = [];
        let last = 0;
        for (const p of [...points, values.length]) {
          if (p > last) chunks.push(values.slice(last, p));
          last = p;
        }
        const merged = chunks.reverse().map((c) => partialOfReadings(c)).reduce<Partial | undefined>((a, b) => mergePartials(a, b), undefined) as Partial;
        const scale = values.reduce((s, v) => s + Math.abs(v.value), 0) + 1000;
        expect(close(finalize(merged, agg), direct(values, agg), agg === 'stddev' ? scale * 1e3 : scale)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('merging is associative and commutative for the fields that do not depend on order', () => {
    fc.assert(
      fc.property(readings, readings, readings, (a, b, c) => {
        const [pa, pb, pc] = [a, b, c].map((x) => partialOfReadings(x.map((r) => ({ ...r, ts: r.ts * 3 + (x === a ? 0 : x === b ? 1 : 2) }))));
        const left = mergePartials(mergePartials(pa, pb), pc) as Partial;
        const right = mergePartials(pa, mergePartials(pc, pb)) as Partial;
        expect(left.count).toBe(right.count);
        expect(left.min).toBe(right.min);
        expect(left.max).toBe(right.max);
        expect([left.firstTs, left.first, left.lastTs, left.last]).toEqual([right.firstTs, right.first, right.lastTs, right.last]);
        expect(left.sum).toBeCloseTo(right.sum, 6);
      }),
    );
  });

  it('has an identity and single-reading partials', () => {
    const p = partialOf(5, 2);
    expect(mergePartials(undefined, p)).toBe(p);
    expect(mergePartials(p, undefined)).toBe(p);
    expect(finalize(p, 'stddev')).toBeNull();
    expect(finalize(p, 'avg')).toBe(2);
    expect(finalize(partialOfReadings([{ ts: 1, value: 3 }, { ts: 2, value: 3 }, { ts: 3, value: 3 }]) as Partial, 'stddev')).toBe(0);
  });
});
