/** Pressure transient scan on synthetic 100 Hz bursts. */
import { describe, expect, it } from 'vitest';
import { gaussian, seededRandom } from '#domain/leaks/robust';
import { scanTransients } from '#domain/leaks/transients';

const FS = 100;

/** `seconds` of a line at `level` m with 0.05 m noise, plus `extra(t)`. */
function burst(seconds: number, seed: number, extra: (t: number) => number = () => 0, level = 45): Float64Array {
  const random = seededRandom(seed);
  return Float64Array.from({ length: seconds * FS }, (_, i) => level + 0.05 * gaussian(random) + extra(i / FS));
}

/** A pump trip at `at` s: the head falls by `depth` m and rings back, damped, with a 1.5 s period. */
const pumpTrip = (at: number, depth: number) => (t: number) => (t < at ? 0 : -depth * Math.exp(-(t - at) / 2) * Math.cos((2 * Math.PI * (t - at)) / 1.5));

describe('scanTransients', () => {
  it('finds a pump trip: its drop, rebound, amplitude and duration', () => {
    const { events, thresholdM } = scanTransients(burst(60, 1, pumpTrip(20, 20)), { sampleRateHz: FS });
    expect(thresholdM).toBe(2);
    expect(events).toHaveLength(1);
    const e = events[0]!;
    expect(e.kind).toBe('drop');
    expect(e.startS).toBeCloseTo(20, 1);
    expect(e.baselineM).toBeCloseTo(45, 1);
    expect(e.dropM).toBeCloseTo(20, 0);
    // Half a period later the swing is 20 × e^(-0.375) = 13.7 m above the baseline.
    expect(e.reboundM).toBeCloseTo(20 * Math.exp(-0.375), 0);
    expect(e.amplitudeM).toBeCloseTo(20 + 20 * Math.exp(-0.375), 0);
    // It lasts until it settles within half the threshold: 20 e^(-t/2) < 1 at t = 2 ln 20 = 6.0 s, give or take a half period.
    expect(e.durationS).toBeGreaterThan(5.2);
    expect(e.durationS).toBeLessThan(6.8);
    expect(e.open).toBe(false);
  });

  it('finds a surge as well, and separates two events', () => {
    const both = (t: number) => pumpTrip(10, 15)(t) + (t >= 40 && t < 40.5 ? 12 : 0);
    const { events } = scanTransients(burst(60, 2, both), { sampleRateHz: FS });
    expect(events.map((e) => e.kind)).toEqual(['drop', 'surge']);
    expect(events[1]!.riseM).toBeCloseTo(12, 0);
    expect(events[1]!.durationS).toBeCloseTo(0.5, 1);
    expect(events[1]!.reboundM).toBeLessThan(0.5);
  });

  it('finds nothing in noise or in a slow change of pressure', () => {
    expect(scanTransients(burst(120, 3), { sampleRateHz: FS }).events).toEqual([]);
    expect(scanTransients(burst(120, 4, (t) => -0.08 * t), { sampleRateHz: FS }).events).toEqual([]);
  });

  it('raises the threshold with the noise, and marks an event cut by the end of the burst', () => {
    const random = seededRandom(5);
    const noisy = Float64Array.from({ length: 3000 }, (_, i) => 45 + gaussian(random) + (i >= 2900 ? -15 : 0));
    const scan = scanTransients(noisy, { sampleRateHz: FS });
    expect(scan.thresholdM).toBeGreaterThan(5);
    expect(scan.events).toHaveLength(1);
    expect(scan.events[0]!.open).toBe(true);
  });

  it('refuses a bad rate or non-finite samples, with a stable code', () => {
    expect(() => scanTransients([1, 2, 3], { sampleRateHz: FS })).toThrow(expect.objectContaining({ code: 'INVALID_SERIES' }));
    expect(() => scanTransients(new Float64Array(100), { sampleRateHz: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_SERIES' }));
    expect(() => scanTransients(Float64Array.from({ length: 100 }, (_, i) => (i === 50 ? Infinity : 1)), { sampleRateHz: FS })).toThrow(expect.objectContaining({ code: 'INVALID_SERIES' }));
  });
});
