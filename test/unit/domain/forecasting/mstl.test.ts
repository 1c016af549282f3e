/** MSTL: several seasonalities decomposed together, on simulated hourly water demand with known components. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { forecast } from '#domain/forecasting/forecast';
import { mstlModel } from '#domain/forecasting/models';
import { mstl, seasonalForecast, usablePeriods } from '#domain/forecasting/mstl';
import { gaussian, seededRandom } from '#domain/leaks/robust';

const DAY = 24;
const WEEK = 168;

/** A diurnal demand profile: night low, morning and evening peaks (zero mean over a day). */
function diurnal(hour: number): number {
  const a = (2 * Math.PI * hour) / DAY;
  return 25 * Math.sin(a - 2.2) + 12 * Math.sin(2 * a + 0.4);
}

/** A weekly profile: working days above, the weekend below (zero mean over a week and over each hour of the day). */
function weekly(t: number): number {
  const day = Math.floor(t / DAY) % 7;
  return day < 5 ? 6 : -15;
}

/** Simulated hourly demand: level with a slow trend, both cycles and Gaussian noise (sd 2). */
function demand(hours: number, seed: number): { y: number[]; daily: number[]; weeklyPart: number[]; trend: number[] } {
  const random = seededRandom(seed);
  const trend = Array.from({ length: hours }, (_, t) => 200 + 0.01 * t);
  const daily = Array.from({ length: hours }, (_, t) => diurnal(t % DAY));
  const weeklyPart = Array.from({ length: hours }, (_, t) => weekly(t));
  const y = trend.map((v, t) => v + daily[t]! + weeklyPart[t]! + 2 * gaussian(random));
  return { y, daily, weeklyPart, trend };
}

const rms = (a: readonly number[], b: readonly number[]): number => Math.sqrt(a.reduce((s, v, i) => s + (v - b[i]!) ** 2, 0) / a.length);
const inner = <T>(x: readonly T[]): T[] => x.slice(WEEK, x.length - WEEK);

describe('MSTL decomposition', () => {
  it('keeps the periods the series covers twice, shortest first', () => {
    expect(usablePeriods(400, [168, 24, 24, 1, 7.5])).toEqual([24, 168]);
    expect(usablePeriods(300, [24, 168])).toEqual([24]);
  });

  it('recovers the daily and weekly components of simulated hourly demand', () => {
    const { y, daily, weeklyPart, trend } = demand(6 * WEEK, 11);
    const d = mstl(y, [WEEK, DAY]);
    expect(d.periods).toEqual([DAY, WEEK]);
    // Away from the ends (where loess extrapolates), each component is within a fraction of its amplitude.
    expect(rms(inner(d.seasonals[0]!), inner(daily))).toBeLessThan(1.5);
    expect(rms(inner(d.seasonals[1]!), inner(weeklyPart))).toBeLessThan(1.5);
    expect(rms(inner(d.trend), inner(trend))).toBeLessThan(1);
    // The parts add up to the series.
    const rebuilt = d.trend.map((v, t) => v + d.seasonals[0]![t]! + d.seasonals[1]![t]! + d.remainder[t]!);
    expect(rms(rebuilt, y)).toBeLessThan(1e-9);
    // One STL of the daily cycle alone leaves the weekend in its remainder.
    const single = mstl(y, [DAY]);
    expect(rms(single.remainder, new Array<number>(y.length).fill(0))).toBeGreaterThan(1.8 * rms(d.remainder, new Array<number>(y.length).fill(0)));
  });

  it('forecasts each component by its last cycle', () => {
    const { y } = demand(4 * WEEK, 3);
    const d = mstl(y, [DAY, WEEK]);
    const next = seasonalForecast(d, DAY + 1);
    const n = y.length;
    expect(next[0]).toBeCloseTo(d.seasonals[0]![n - DAY]! + d.seasonals[1]![n - WEEK]!, 10);
    expect(next[DAY]).toBeCloseTo(d.seasonals[0]![n - DAY]! + d.seasonals[1]![n - WEEK + DAY]!, 10);
  });
});

describe("MSTL against R's mstl (r-mstl.json, npm run fixtures:forecast)", () => {
  const cases = JSON.parse(readFileSync('test/fixtures/forecasting/r-mstl.json', 'utf8')) as Array<{
    name: string;
    periods: number[];
    values: number[];
    trend: number[];
    seasonals: number[][];
    remainder: number[];
  }>;
  const sd = (a: readonly number[]): number => {
    const m = a.reduce((s, v) => s + v, 0) / a.length;
    return Math.sqrt(a.reduce((s, v) => s + (v - m) ** 2, 0) / a.length);
  };
  // R's stl interpolates loess between every few points (its "jumps"); this one evaluates every point: components agree to a few % of their spread.
  it.each(cases.map((c) => [c.name, c] as const))('%s: the same periods and components', (_, c) => {
    const d = mstl(c.values, c.periods);
    expect(d.periods).toEqual(c.periods);
    c.seasonals.forEach((s, i) => expect(rms(d.seasonals[i]!, s) / sd(s)).toBeLessThan(0.01));
    expect(rms(d.trend, c.trend) / sd(c.trend)).toBeLessThan(0.05);
    expect(rms(d.remainder, c.remainder) / sd(c.remainder)).toBeLessThan(0.05);
  });
});

describe('MSTL forecasts', () => {
  it('forecast the next two days of hourly demand, weekend included, within the noise', () => {
    // Five weeks then a Saturday and Sunday to forecast: the weekly cycle decides those days.
    const { y, daily, weeklyPart, trend } = demand(5 * WEEK + 5 * DAY + 2 * DAY, 7);
    const cut = 5 * WEEK + 5 * DAY;
    const truth = Array.from({ length: 2 * DAY }, (_, h) => trend[cut + h]! + daily[cut + h]! + weeklyPart[cut + h]!);
    const model = mstlModel(y.slice(0, cut), [DAY, WEEK])!;
    expect(model.family).toBe('mstl');
    expect(model.name).toMatch(/^MSTL\[24,168\] \+ ETS/);
    const steps = model.forecast(2 * DAY);
    expect(rms(steps.map((s) => s.mean), truth)).toBeLessThan(2.5);
    // 95 % intervals hold the noisy observations.
    const inside = steps.filter((s, h) => y[cut + h]! >= s.lower95 && y[cut + h]! <= s.upper95).length;
    expect(inside / steps.length).toBeGreaterThan(0.85);
    // The daily cycle alone would forecast a working day's level on the weekend.
    const dailyOnly = mstlModel(y.slice(0, cut), [DAY])!.forecast(2 * DAY);
    expect(rms(dailyOnly.map((s) => s.mean), truth)).toBeGreaterThan(5 * rms(steps.map((s) => s.mean), truth));
  });

  it('is chosen by cross-validation for hourly demand when the engine is given both periods', () => {
    const { y } = demand(4 * WEEK, 5);
    const result = forecast({ values: y, frequency: 'day', kind: 'amount' }, { period: DAY, seasonalPeriods: [WEEK], horizon: DAY, capToSafeHorizon: false });
    const mstlCandidate = result.candidates.find((c) => c.family === 'mstl')!;
    expect(mstlCandidate.name).toMatch(/^MSTL\[24,168\]/);
    expect(mstlCandidate.criteriaReason).toMatch(/loess/);
    expect(result.explanations.join(' ')).toContain('Seasonal periods 24 and 168 decomposed together (MSTL).');
    // It beats every candidate that knows only the daily cycle.
    const others = result.candidates.filter((c) => c.family !== 'mstl' && c.family !== 'combination' && c.crossValidation);
    for (const c of others) expect(mstlCandidate.crossValidation!.mase).toBeLessThan(c.crossValidation!.mase);
    expect(result.model.name).toContain('MSTL[24,168]');
  });

  it('refuses periods that are not positive integers', () => {
    expect(() => forecast({ values: [1, 2, 3, 4, 5, 6, 7, 8] }, { seasonalPeriods: [0] })).toThrow(/seasonalPeriods/);
  });
});
