/** ETS with multiplicative errors and seasons, against R's `ets` (r-ets.json, npm run fixtures:forecast). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { autoEts, etsName, fitEts, forecastEtsSteps, type EtsSpec } from '#domain/forecasting/ets';
import { gaussian, seededRandom } from '#domain/leaks/robust';

interface RCase {
  name: string;
  period: number;
  values: number[];
  error: 'M';
  trend: EtsSpec['trend'];
  season: EtsSpec['season'];
  alpha: number;
  aicc: number;
  mean: number[];
  lower95: number[];
  upper95: number[];
}
const cases = JSON.parse(readFileSync('test/fixtures/forecasting/r-ets.json', 'utf8')) as RCase[];
const fitOf = (c: RCase) => fitEts(c.values, { error: c.error, trend: c.trend, season: c.season, lambda: null, period: c.period })!;
const worst = (a: readonly number[], b: readonly number[]): number => Math.max(...a.map((v, i) => Math.abs(v / b[i]! - 1)));

describe('multiplicative-error ETS against R', () => {
  it.each(cases.filter((c) => c.season === 'N').map((c) => [c.name, c] as const))('%s ETS(M,N,N): the same forecast and simulated 95 %% bounds', (_, c) => {
    const steps = forecastEtsSteps(fitOf(c), 12);
    expect(worst(steps.map((s) => s.mean), c.mean)).toBeLessThan(0.002);
    // Both are simulated (R 5000 paths, here 2000): widths agree within the sampling noise.
    expect(worst(steps.map((s) => s.upper95 - s.lower95), c.upper95.map((u, h) => u - c.lower95[h]!))).toBeLessThan(0.08);
  });

  it('seasonal forms forecast as R does within the difference of initial states (R optimises them, the engine takes the first seasons)', () => {
    const seasonal = cases.filter((c) => c.season === 'M');
    expect(seasonal.length).toBe(9);
    const errors = seasonal.map((c) => worst(forecastEtsSteps(fitOf(c), 12).map((s) => s.mean), c.mean));
    for (const e of errors) expect(e).toBeLessThan(0.11);
    const sorted = [...errors].sort((a, b) => a - b);
    expect(sorted[4]!).toBeLessThan(0.03);
    for (const c of seasonal) {
      const steps = forecastEtsSteps(fitOf(c), 12);
      // Intervals widen with the horizon and hold the point forecast.
      expect(steps[11]!.upper95 - steps[11]!.lower95).toBeGreaterThan(steps[0]!.upper95 - steps[0]!.lower95);
      steps.forEach((s) => expect(s.lower95 < s.mean && s.mean < s.upper95).toBe(true));
    }
  });

  it('refuses the forms R restricts: multiplicative seasons with additive errors, relative errors on non-positive data or a Box-Cox scale', () => {
    const air = cases[0]!.values;
    expect(fitEts(air, { trend: 'N', season: 'M', lambda: null, period: 12 })).toBeNull();
    expect(fitEts(air, { error: 'M', trend: 'N', season: 'A', lambda: null, period: 12 })).toBeNull();
    expect(fitEts(air, { error: 'M', trend: 'N', season: 'N', lambda: 0, period: 12 })).toBeNull();
    expect(fitEts([...air.slice(0, 30), 0, ...air.slice(31)], { error: 'M', trend: 'N', season: 'N', lambda: null, period: 12 })).toBeNull();
  });

  it('names the forms as R does and weighs them when asked: the AICc can only improve', () => {
    const random = seededRandom(3);
    const y = Array.from({ length: 120 }, (_, t) => (100 + 5 * t) * (1 + 0.3 * Math.sin((2 * Math.PI * t) / 12)) * (1 + 0.03 * gaussian(random)));
    const additive = autoEts(y, 12)!;
    const all = autoEts(y, 12, true)!;
    expect(all.aicc).toBeLessThanOrEqual(additive.aicc);
    expect(etsName(all.spec)).toBe('ETS(M,A,M)');
    expect(etsName(additive.spec)).toMatch(/^ETS\(A,/);
  });
});
