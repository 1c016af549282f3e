/**
 * Mergeable partial aggregates. Every aggregation the API offers is computed from a
 * partial, and partials merge associatively, so a minute rollup, an hour rollup or a
 * Timestream `bin()` row can be combined into any coarser bucket without the raw points.
 */
import type { Aggregation } from './types';

export interface Partial {
  readonly count: number;
  readonly sum: number;
  readonly sumSquares: number;
  readonly min: number;
  readonly max: number;
  /** Time (epoch ms) and value of the earliest reading. */
  readonly firstTs: number;
  readonly first: number;
  /** Time (epoch ms) and value of the latest reading. */
  readonly lastTs: number;
  readonly last: number;
}

/** The partial of a single reading. */
export function partialOf(ts: number, value: number): Partial {
  return { count: 1, sum: value, sumSquares: value * value, min: value, max: value, firstTs: ts, first: value, lastTs: ts, last: value };
}

/** Merges two partials (associative and commutative; ties on time keep `a`'s value). */
export function mergePartials(a: Partial | undefined, b: Partial | undefined): Partial | undefined {
  if (!a || a.count === 0) return b;
  if (!b || b.count === 0) return a;
  const firstFromB = b.firstTs < a.firstTs;
  const lastFromB = b.lastTs > a.lastTs;
  return {
    count: a.count + b.count,
    sum: a.sum + b.sum,
    sumSquares: a.sumSquares + b.sumSquares,
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
    firstTs: firstFromB ? b.firstTs : a.firstTs,
    first: firstFromB ? b.first : a.first,
    lastTs: lastFromB ? b.lastTs : a.lastTs,
    last: lastFromB ? b.last : a.last,
  };
}

/** The partial of several readings (undefined for none). */
export function partialOfReadings(readings: Iterable<{ readonly ts: number; readonly value: number }>): Partial | undefined {
  let acc: Partial | undefined;
  for (const r of readings) acc = mergePartials(acc, partialOf(r.ts, r.value));
  return acc;
}

/**
 * The aggregate a partial stands for. `stddev` is the sample standard deviation
 * (as Timestream's `stddev`), `null` for fewer than two readings.
 */
export function finalize(p: Partial, agg: Aggregation): number | null {
  switch (agg) {
    case 'avg':
      return p.sum / p.count;
    case 'min':
      return p.min;
    case 'max':
      return p.max;
    case 'sum':
      return p.sum;
    case 'count':
      return p.count;
    case 'first':
      return p.first;
    case 'last':
      return p.last;
    case 'stddev': {
      if (p.count < 2) return null;
      const mean = p.sum / p.count;
      // Clamp the rounding error of sumSquares - n*mean^2 on near-constant series.
      const variance = Math.max(0, (p.sumSquares - p.count * mean * mean) / (p.count - 1));
      return Math.sqrt(variance);
    }
  }
}
