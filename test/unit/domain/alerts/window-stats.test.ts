import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addToWindow, addValue, bucketMs, EMPTY_WINDOW, MAX_BUCKETS, mergeMoments, NO_MOMENTS, standardDeviation, windowMoments } from '#domain/alerts/window-stats';

const naive = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (xs.length - 1));
  return { mean, sd };
};

describe('mergeable moments', () => {
  it('Welford gives the textbook mean and sample standard deviation', () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    const m = xs.reduce(addValue, NO_MOMENTS);
    expect(m.n).toBe(8);
    expect(m.mean).toBeCloseTo(5, 12);
    expect(standardDeviation(m)).toBeCloseTo(naive(xs).sd, 12);
  });

  it('merging two halves equals folding everything (any split)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 80 }), fc.nat(), (xs, cut) => {
        const i = cut % xs.length;
        const merged = mergeMoments(xs.slice(0, i).reduce(addValue, NO_MOMENTS), xs.slice(i).reduce(addValue, NO_MOMENTS));
        const whole = xs.reduce(addValue, NO_MOMENTS);
        expect(merged.n).toBe(whole.n);
        expect(merged.mean).toBeCloseTo(whole.mean, 6);
        expect(merged.m2 / whole.n).toBeCloseTo(whole.m2 / whole.n, 3);
      }),
    );
  });

  it('has no standard deviation with fewer than two values, and is exact for a large offset', () => {
    expect(standardDeviation(addValue(NO_MOMENTS, 3))).toBeUndefined();
    const xs = [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16];
    expect(standardDeviation(xs.reduce(addValue, NO_MOMENTS))).toBeCloseTo(naive([4, 7, 13, 16]).sd, 6);
  });
});

describe('trailing window', () => {
  const HOUR = 3_600_000;

  it('keeps one-minute buckets for an hour, and at most 60 buckets for longer windows', () => {
    expect(bucketMs(HOUR)).toBe(60_000);
    expect(bucketMs(24 * HOUR)).toBe(24 * 60_000);
    let w = EMPTY_WINDOW;
    for (let t = 0; t < 3 * HOUR; t += 10_000) w = addToWindow(w, t, t % 7, HOUR);
    expect(w.buckets.length).toBeLessThanOrEqual(MAX_BUCKETS + 1);
  });

  it('forgets readings older than the window', () => {
    let w = EMPTY_WINDOW;
    w = addToWindow(w, 0, 1000, HOUR);
    for (let t = 2 * HOUR; t < 2 * HOUR + 10 * 60_000; t += 60_000) w = addToWindow(w, t, 10, HOUR);
    const m = windowMoments(w, 2 * HOUR + 10 * 60_000, HOUR);
    expect(m.n).toBe(10);
    expect(m.mean).toBe(10);
  });

  it('gives the exact statistics of the readings it holds', () => {
    const values = [5, 6, 7, 5, 6, 7, 8, 4];
    let w = EMPTY_WINDOW;
    values.forEach((v, i) => (w = addToWindow(w, i * 20_000, v, HOUR)));
    const m = windowMoments(w, values.length * 20_000, HOUR);
    expect(m.n).toBe(values.length);
    expect(m.mean).toBeCloseTo(naive(values).mean, 12);
    expect(standardDeviation(m)).toBeCloseTo(naive(values).sd, 12);
  });
});
