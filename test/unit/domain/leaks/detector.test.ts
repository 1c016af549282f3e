/** The CUSUM leak detector on a zone's night-flow line: raising, estimating, clearing, robustness. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTOR_PARAMS, detectLeaks, glrStep, markSuspectedNights, type DetectorParams, type NightInput } from '#domain/leaks/detector';
import { gaussian, seededRandom } from '#domain/leaks/robust';

const DAY = 86_400_000;
const night = (i: number) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10);
const nightsBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / DAY);

/** A night line of `n` nights around 20 m³/h with 3 % noise, plus `extra(i)`. */
function line(n: number, seed: number, extra: (i: number) => number = () => 0): NightInput[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => ({ night: night(i), minimumNightFlowM3h: 20 * (1 + 0.03 * gaussian(random)) + extra(i) }));
}

/** A plain CUSUM (flat baseline, no weekday offsets), where the arithmetic of the tests below is easy to follow. */
const PLAIN: DetectorParams = { baselineNights: 28, minBaselineNights: 14, k: 1, h: 4, clip: 3, minScaleFraction: 0.02, trend: false, weekdayAdjust: false };

describe('detectLeaks', () => {
  it('raises fewer than one false alarm per year on stable lines', () => {
    let alarms = 0;
    for (let seed = 1; seed <= 20; seed++) alarms += detectLeaks(line(365, seed)).events.length;
    expect(alarms).toBeLessThan(20);
  });

  it('raises a leak of 20 % within 3 nights, dates its start, and estimates its size and volume', () => {
    for (const seed of [7, 8, 9]) {
      const { events, active } = detectLeaks(line(120, seed, (i) => (i >= 60 ? 4 : 0)), PLAIN);
      expect(events).toHaveLength(1);
      const leak = active!;
      expect(Math.abs(nightsBetween(night(60), leak.startNight))).toBeLessThanOrEqual(1);
      expect(nightsBetween(night(60), leak.detectedNight)).toBeLessThanOrEqual(2);
      expect(leak.clearedNight).toBeNull();
      expect(leak.addedFlowM3h).toBeGreaterThan(3.2);
      expect(leak.addedFlowM3h).toBeLessThan(4.8);
      expect(leak.addedFlowInterval95M3h[0]).toBeLessThan(leak.addedFlowM3h);
      expect(leak.addedFlowInterval95M3h[1]).toBeGreaterThan(leak.addedFlowM3h);
      expect(leak.volumeLostM3).toBeCloseTo(leak.addedFlowM3h * 24 * leak.nights, 6);
    }
  });

  it('does not raise on one odd night (a fire-fighting draw), but does on two', () => {
    // One night adds at most clip - k = 2 to the CUSUM, under h = 3.5; two add 4.
    const params = { ...PLAIN, h: 3.5 };
    expect(detectLeaks(line(100, 11, (i) => (i === 50 ? 30 : 0)), params).events).toEqual([]);
    expect(detectLeaks(line(100, 11, (i) => (i === 50 || i === 51 ? 30 : 0)), params).events).toHaveLength(1);
  });

  it('clears when the line returns, then raises a second leak from the restored baseline', () => {
    const input = line(200, 13, (i) => (i >= 40 && i < 70 ? 6 : i >= 140 ? 5 : 0));
    const { events, active, nights } = detectLeaks(input, PLAIN);
    expect(events).toHaveLength(2);
    expect(events[0]!.clearedNight).toBe(night(70));
    expect(Math.abs(nightsBetween(night(40), events[0]!.startNight))).toBeLessThanOrEqual(1);
    expect(events[0]!.addedFlowM3h).toBeCloseTo(6, 0);
    expect(Math.abs(nightsBetween(night(140), events[1]!.startNight))).toBeLessThanOrEqual(1);
    expect(active).toBe(events[1]);
    expect(nights[69]!.inLeak).toBe(true);
    expect(nights[70]!.inLeak).toBe(false);
    expect(nights[100]!.inLeak).toBe(false);
  });

  it('withdraws an alarm whose added flow a week on is not distinguishable from zero', () => {
    // Two nights 4 σ high raise it; the line then stays 0.5 σ up: too little to clear from, or to confirm.
    const input = line(120, 29, (i) => (i === 50 || i === 51 ? 2.4 : i > 51 ? 0.3 : 0));
    const { events, active, nights } = detectLeaks(input, { ...PLAIN, h: 3.5 });
    expect(events).toHaveLength(1);
    expect(events[0]!.outcome).toBe('withdrawn');
    expect(events[0]!.clearedNight).not.toBeNull();
    expect(active).toBeNull();
    expect(nights[110]!.inLeak).toBe(false);
  });

  it('opens a new event when a second leak adds to an open one', () => {
    const input = line(160, 31, (i) => (i >= 50 ? 4 : 0) + (i >= 100 ? 5 : 0));
    const { events, active } = detectLeaks(input, PLAIN);
    expect(events).toHaveLength(2);
    expect(events[0]!.outcome).toBe('superseded');
    expect(events[0]!.addedFlowM3h).toBeCloseTo(4, 0);
    expect(Math.abs(nightsBetween(night(100), active!.startNight))).toBeLessThanOrEqual(1);
    expect(active!.addedFlowM3h).toBeCloseTo(5, 0);
    expect(active!.outcome).toBe('open');
  });

  it('skips nights without data but counts them in the leak', () => {
    const input = line(100, 17, (i) => (i >= 50 ? 5 : 0)).map((x, i) => (i === 55 ? { ...x, minimumNightFlowM3h: null } : x));
    const leak = detectLeaks(input).active!;
    expect(leak.nights).toBe(100 - Date.parse(leak.startNight) / DAY + Date.parse(night(0)) / DAY);
    expect(leak.volumeLostM3).toBeCloseTo(leak.addedFlowM3h * 24 * leak.nights, 6);
  });

  it('raises a large leak on its second night with the defaults (two nights clamped at +clip exceed h)', () => {
    for (const seed of [71, 72, 73]) {
      const leak = detectLeaks(line(120, seed, (i) => (i >= 80 ? 10 : 0))).active!;
      expect(leak.detectedNight).toBe(night(81));
      expect(Math.abs(nightsBetween(night(80), leak.startNight))).toBeLessThanOrEqual(1);
    }
  });

  it('raises nothing before it has a baseline', () => {
    const { events, nights } = detectLeaks(line(40, 19, (i) => (i >= 5 ? 10 : 0)));
    expect(nights[DEFAULT_DETECTOR_PARAMS.minBaselineNights - 1]!.baselineM3h).toBeNull();
    // The leak is in the baseline from night 5: there is no step left to see.
    expect(events).toEqual([]);
  });

  it('expects weekend nights to be higher when weekday offsets are on', () => {
    // Friday and Saturday nights use 15 % more: two high nights in a row every week.
    const weekend = (i: number) => ([5, 6].includes(new Date(Date.UTC(2026, 0, 1 + i)).getUTCDay()) ? 3 : 0);
    const flat = { ...PLAIN, baselineNights: 56, k: 0.5 };
    let without = 0;
    let withOffsets = 0;
    for (let seed = 30; seed < 35; seed++) {
      without += detectLeaks(line(365, seed, weekend), flat).events.length;
      withOffsets += detectLeaks(line(365, seed, weekend), { ...flat, weekdayAdjust: true }).events.length;
    }
    expect(without).toBeGreaterThan(5);
    expect(withOffsets).toBeLessThan(without / 3);
  });

  it('follows a slow drift with the trend on, without raising', () => {
    // Background leakage creeping up 0.15 % of the night flow per night, as a seasonal swing does at its steepest.
    const drift = (i: number) => 0.03 * i;
    const flat = { ...PLAIN, baselineNights: 56 };
    let without = 0;
    let withTrend = 0;
    for (let seed = 40; seed < 45; seed++) {
      without += detectLeaks(line(365, seed, drift), flat).events.length;
      withTrend += detectLeaks(line(365, seed, drift), { ...flat, trend: true }).events.length;
    }
    expect(withTrend).toBeLessThan(without / 2);
  });

  it('marks the event nights leak_suspected, keeping insufficient_data nights as they are', () => {
    const input = line(80, 23, (i) => (i >= 50 ? 6 : 0)).map((x, i) => (i === 60 ? { ...x, minimumNightFlowM3h: null } : x));
    const detection = detectLeaks(input);
    const start = nightsBetween(night(0), detection.active!.startNight);
    const rows = input.map((x) => ({ night: x.night, status: x.minimumNightFlowM3h === null ? ('insufficient_data' as const) : ('ok' as const) }));
    const marked = markSuspectedNights(rows, detection);
    expect(marked[start - 1]!.status).toBe('ok');
    expect(marked[start]!.status).toBe('leak_suspected');
    expect(marked[60]!.status).toBe('insufficient_data');
    expect(marked[79]!.status).toBe('leak_suspected');
  });
});

describe('the window-limited GLR step test', () => {
  /** The CUSUM of the defaults (k 1.5, h 5), alone and with the GLR beside it. */
  const CUSUM: DetectorParams = { ...PLAIN, baselineNights: 56, k: 1.5, h: 5, clip: 4 };
  const GLR: DetectorParams = { ...CUSUM, glrWindow: 3, glrThreshold: 4 };

  it('takes the best trailing window of two nights or more, and its first night', () => {
    const zs = [0, 0, 0.5, 3, 3];
    // Windows ending on night 4: {3,4} gives 6/√2 = 4.24, {2,3,4} gives 6.5/√3 = 3.75.
    expect(glrStep(zs, [2, 3, 4])).toEqual({ statistic: 6 / Math.SQRT2, start: 3 });
    // One night alone is never a window.
    expect(glrStep([9], [0]).statistic).toBe(Number.NEGATIVE_INFINITY);
    // Only the listed nights count.
    expect(glrStep([5, 5, 1, 1], [2, 3]).statistic).toBeCloseTo(2 / Math.SQRT2, 10);
  });

  it('raises a 2.5 σ step within 3 nights where the CUSUM alone is slower, and dates its start', () => {
    // 3 % of 20 m³/h is σ = 0.6; a step of 1.5 m³/h (7.5 % of the night flow) is 2.5 σ.
    let glrWithin3 = 0;
    let cusumWithin3 = 0;
    for (let seed = 50; seed < 60; seed++) {
      const input = line(160, seed, (i) => (i >= 100 ? 1.5 : 0));
      const withGlr = detectLeaks(input, GLR).events.find((e) => nightsBetween(night(100), e.detectedNight) >= 0);
      const alone = detectLeaks(input, CUSUM).events.find((e) => nightsBetween(night(100), e.detectedNight) >= 0);
      if (withGlr && nightsBetween(night(100), withGlr.detectedNight) <= 2) {
        glrWithin3++;
        expect(Math.abs(nightsBetween(night(100), withGlr.startNight))).toBeLessThanOrEqual(1);
        expect(withGlr.addedFlowM3h).toBeGreaterThan(0.9);
        expect(withGlr.addedFlowM3h).toBeLessThan(2.1);
      }
      if (alone && nightsBetween(night(100), alone.detectedNight) <= 2) cusumWithin3++;
    }
    expect(glrWithin3).toBeGreaterThanOrEqual(8);
    expect(cusumWithin3).toBeLessThan(glrWithin3);
  });

  it('raises nothing on stationary noise, nor on one odd night', () => {
    let alarms = 0;
    for (let seed = 60; seed < 80; seed++) alarms += detectLeaks(line(365, seed), GLR).events.length;
    expect(alarms).toBeLessThanOrEqual(2);
    expect(detectLeaks(line(100, 11, (i) => (i === 50 ? 30 : 0)), GLR).events).toEqual([]);
  });

  it('is off without a window: the CUSUM alone decides', () => {
    const input = line(160, 52, (i) => (i >= 100 ? 1.5 : 0));
    expect(detectLeaks(input, { ...GLR, glrWindow: 0 })).toEqual(detectLeaks(input, CUSUM));
  });
});

describe('the predictive scale', () => {
  it('widens σ to the baseline\'s own prediction errors when the level wanders, and so raises fewer alarms', () => {
    // A level wandering as a slow random walk: each night's residual about the fitted baseline
    // understates how far a new night lands from its prediction.
    const params: DetectorParams = { ...PLAIN, baselineNights: 56, k: 1.5, h: 5, clip: 4, trend: true, glrWindow: 3, glrThreshold: 4 };
    let without = 0;
    let withPredictive = 0;
    let wider = 0;
    for (let seed = 80; seed < 90; seed++) {
      const random = seededRandom(seed * 3 + 1);
      let level = 0;
      const walk = Array.from({ length: 365 }, () => (level += 0.25 * gaussian(random)));
      const input = line(365, seed, (i) => walk[i]!);
      const a = detectLeaks(input, params);
      const b = detectLeaks(input, { ...params, predictiveScale: true });
      without += a.events.length;
      withPredictive += b.events.length;
      if (b.nights[200]!.scaleM3h! > a.nights[200]!.scaleM3h!) wider++;
    }
    expect(wider).toBeGreaterThanOrEqual(8);
    expect(withPredictive).toBeLessThan(without);
  });
});
