/**
 * Mergeable statistics of a trailing window: readings are folded into fixed time
 * buckets, each holding count, mean and M2 (Welford); buckets merge exactly with
 * Chan's parallel formula, so the window's mean and standard deviation are exact
 * for the readings it holds, its edges rounded to a bucket. At most
 * {@link MAX_BUCKETS} buckets are kept whatever the window length, so the state
 * stays a small DynamoDB attribute.
 */

/** Count, mean and sum of squared deviations of some values. */
export interface Moments {
  readonly n: number;
  readonly mean: number;
  readonly m2: number;
}

export const NO_MOMENTS: Moments = { n: 0, mean: 0, m2: 0 };

export interface Bucket extends Moments {
  /** Start of the bucket, epoch ms. */
  readonly start: number;
}

export interface WindowStats {
  /** Oldest first. */
  readonly buckets: readonly Bucket[];
}

export const EMPTY_WINDOW: WindowStats = { buckets: [] };

export const MAX_BUCKETS = 60;
const MINUTE_MS = 60_000;

/** One value folded into moments (Welford). */
export function addValue(m: Moments, x: number): Moments {
  const n = m.n + 1;
  const delta = x - m.mean;
  const mean = m.mean + delta / n;
  return { n, mean, m2: m.m2 + delta * (x - mean) };
}

/** The moments of the union of two disjoint sets of values (Chan et al.). */
export function mergeMoments(a: Moments, b: Moments): Moments {
  if (a.n === 0) return { n: b.n, mean: b.mean, m2: b.m2 };
  if (b.n === 0) return { n: a.n, mean: a.mean, m2: a.m2 };
  const n = a.n + b.n;
  const delta = b.mean - a.mean;
  return { n, mean: a.mean + (delta * b.n) / n, m2: a.m2 + b.m2 + (delta * delta * a.n * b.n) / n };
}

/** Sample standard deviation, or undefined with fewer than two values. */
export function standardDeviation(m: Moments): number | undefined {
  return m.n < 2 ? undefined : Math.sqrt(Math.max(0, m.m2) / (m.n - 1));
}

/** Bucket width for a window: one minute, or wider so the window needs at most {@link MAX_BUCKETS}. */
export function bucketMs(windowMs: number): number {
  return Math.max(MINUTE_MS, Math.ceil(windowMs / MAX_BUCKETS / MINUTE_MS) * MINUTE_MS);
}

/** Adds a reading and forgets buckets that fell out of the window ending at `ts`. */
export function addToWindow(window: WindowStats, ts: number, value: number, windowMs: number): WindowStats {
  const width = bucketMs(windowMs);
  const start = Math.floor(ts / width) * width;
  const kept = window.buckets.filter((b) => b.start > ts - windowMs - width);
  const i = kept.findIndex((b) => b.start === start);
  let buckets: Bucket[];
  if (i >= 0) {
    const b = kept[i] as Bucket;
    buckets = kept.map((x, j) => (j === i ? { start, ...addValue(b, value) } : x));
  } else {
    buckets = [...kept, { start, ...addValue(NO_MOMENTS, value) }].sort((a, b) => a.start - b.start);
  }
  return { buckets };
}

/** The moments of the window ending at `ts` (readings already added, bucket-rounded edges). */
export function windowMoments(window: WindowStats, ts: number, windowMs: number): Moments {
  const width = bucketMs(windowMs);
  return window.buckets.filter((b) => b.start > ts - windowMs - width && b.start <= ts).reduce<Moments>(mergeMoments, NO_MOMENTS);
}
