/**
 * The forecasting use case end to end (pure): answer shape, horizon rule, explanations,
 * family choice by backtest, typed errors, and a property test that no answer holds NaN.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AllMissingError, ConstantSeriesError, ForecastError, InvalidForecastInputError, SeriesTooShortError } from '#domain/forecasting/errors';
import { forecast, type ForecastResult } from '#domain/forecasting/forecast';
import { loadCases, seriesOf } from './fixtures';

const airPassengers = seriesOf(loadCases('r-auto-arima.json').find((c) => c.name === 'AirPassengers')!);

/** Every number anywhere in the answer. */
function numbersIn(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap(numbersIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(numbersIn);
  return [];
}

describe('forecast', () => {
  const result: ForecastResult = forecast({ values: airPassengers, start: '1949-01-01', frequency: 'month' });

  it('answers in the shape of issue 5', () => {
    expect(Object.keys(result).sort()).toEqual(['backtest', 'candidates', 'density', 'durationInfo', 'explanations', 'forecast', 'history', 'horizon', 'model'].sort());
    expect(result.model).toMatchObject({ period: 12 });
    expect(['sarima', 'ets', 'seasonal-naive', 'combination']).toContain(result.model.family);
    expect(result.history).toHaveLength(144);
    expect(result.history[0]).toEqual({ ts: '1949-01-01', value: 112 });
    expect(result.forecast[0]!.ts).toBe('1961-01-01');
    for (const p of result.forecast) {
      expect(p.lower95).toBeLessThanOrEqual(p.lower80);
      expect(p.lower80).toBeLessThanOrEqual(p.p50);
      expect(p.p50).toBeLessThanOrEqual(p.upper80);
      expect(p.upper80).toBeLessThanOrEqual(p.upper95);
      expect(p.p10).toBe(p.lower80);
      expect(p.p90).toBe(p.upper80);
    }
  });

  it('uses the safe horizon in auto mode and explains itself', () => {
    expect(result.horizon).toEqual({ requested: null, used: 24, safe: 24, reason: 'auto' });
    expect(result.forecast).toHaveLength(24);
    const text = result.explanations.join('\n');
    expect(text).toMatch(/Period covered: 144 months from 1949-01-01/);
    expect(text).toMatch(/Density: 144 of 144 periods active/);
    expect(text).toMatch(/Seasonality found: period 12/);
    expect(text).toMatch(/Cross-validation on 3 rolling origin\(s\) of 12 steps, MASE: ARIMA.+ [0-9.]+; ETS.+ [0-9.]+; Theta.+ [0-9.]+; seasonal naive \[12\] [0-9.]+\. The forecast is the mean of the two best, .+ \(cross-validated MASE [0-9.]+\)/);
    expect(text).toMatch(/Model chosen: /);
  });

  it("reports every candidate's information criteria, and for those without a likelihood why and how they are scored", () => {
    const byFamily = new Map(result.candidates.map((c) => [c.family, c]));
    expect([...byFamily.keys()].sort()).toEqual(['combination', 'ets', 'mstl', 'sarima', 'seasonal-naive', 'theta']);
    for (const family of ['sarima', 'ets'] as const) {
      const c = byFamily.get(family)!;
      expect(c.criteriaReason).toBeNull();
      const { aic, aicc, bic } = c.informationCriteria!;
      // AICc adds a positive small-sample penalty to AIC; BIC's log(n) penalty exceeds AIC's 2 per parameter on 144 points.
      expect(aicc).toBeGreaterThan(aic);
      expect(bic).toBeGreaterThan(aic);
    }
    // The SARIMA candidate's AICc is the one the explanations name.
    expect(result.explanations.join('\n')).toContain(`AICc ${byFamily.get('sarima')!.informationCriteria!.aicc.toFixed(2)}`);
    for (const family of ['theta', 'seasonal-naive', 'combination', 'mstl'] as const) {
      const c = byFamily.get(family)!;
      expect(c.informationCriteria).toBeNull();
      expect(c.criteriaReason).toMatch(/scored by its cross-validated MASE \([0-9.]+\)/);
      expect(c.crossValidation!.mase).toBeGreaterThan(0);
    }
    expect(byFamily.get('combination')!.criteriaReason).toMatch(/^a combination of forecasts has no likelihood of its own/);
    // The chosen combination says the same in the model.
    expect(result.model.informationCriteria).toBeNull();
    expect(result.model.criteriaReason).toBe(byFamily.get('combination')!.criteriaReason);
  });

  it("gives seed 003's duration_info: the horizon the rule allowed and why, with the rule's figures", () => {
    expect(result.durationInfo).toMatchObject({ unit: 'month', requested: null, validated: 24, safe: 24, mode: 'auto', reason: 'auto' });
    expect(result.durationInfo.rule).toEqual({ activePeriods: 144, third: 48, minimum: 3, maximum: 24, lengthCap: 48 });
    expect(result.durationInfo.why).toMatch(/auto mode/);
    const cut = forecast({ values: airPassengers.slice(0, 48), frequency: 'month' }, { horizon: 36, period: 12 });
    expect(cut.durationInfo).toMatchObject({ requested: 36, validated: 16, safe: 16, mode: 'user', reason: 'capped' });
    expect(cut.durationInfo.why).toBe('Horizon cut from 36 to 16 months: the data support no more (a third of 48 active periods is 16, kept within [3, 24] and at most a third of the 48 periods (16): 16).');
    expect(result.density.warning).toBeNull();
  });

  it('forecasts the mean of the two candidates with the lowest cross-validated MASE and reports every score', () => {
    const bt = result.backtest!;
    expect(bt.origins).toBe(3);
    expect(bt.candidates.map((c) => c.family).sort()).toEqual(['combination', 'ets', 'mstl', 'sarima', 'seasonal-naive', 'theta']);
    const singles = bt.candidates.filter((c) => c.family !== 'combination').sort((a, b) => a.mase - b.mase);
    expect(bt.chosen.name).toBe(`mean of ${singles[0]!.name}, ${singles[1]!.name}`);
    expect([bt.chosen.family, result.model.family]).toEqual(['combination', 'combination']);
  });

  it('cuts a request longer than the safe horizon and says so', () => {
    const short = airPassengers.slice(0, 48);
    const r = forecast({ values: short }, { horizon: 36, period: 12 });
    expect(r.horizon).toEqual({ requested: 36, used: 16, safe: 16, reason: 'capped' });
    expect(r.forecast).toHaveLength(16);
    expect(r.explanations.join(' ')).toMatch(/Horizon cut from 36 to 16/);
    expect(r.forecast[0]!.ts).toBe('49');
  });

  it('keeps a shorter request, and can be held to one family or a fixed order', () => {
    const r = forecast({ values: airPassengers }, { horizon: 6, period: 12, family: 'sarima', order: { p: 0, d: 1, q: 1, P: 0, D: 1, Q: 1 } });
    expect(r.horizon.reason).toBe('requested');
    expect(r.model).toMatchObject({ family: 'sarima', order: [0, 1, 1], seasonalOrder: [0, 1, 1], period: 12 });
    expect(r.model.aicc).toBeCloseTo(1021.19, 1);
  });

  it('flags sparse series', () => {
    const values = Array.from({ length: 60 }, (_, i) => (i % 6 === 0 ? 100 + i : 0));
    const r = forecast({ values, kind: 'amount' }, { period: 12 });
    expect(r.density.sparse).toBe(true);
    expect(r.explanations.join(' ')).toMatch(/under 20 %/);
  });

  it('forecasts through gaps', () => {
    const values: Array<number | null> = airPassengers.slice();
    for (const t of [10, 11, 50, 100, 143]) values[t] = null;
    const r = forecast({ values }, { period: 12, horizon: 12 });
    expect(r.history[143]!.value).toBeNull();
    expect(numbersIn(r).every(Number.isFinite)).toBe(true);
  });
});

describe('what cannot be forecast', () => {
  it('an all-missing series', () => {
    expect(() => forecast({ values: [null, null, null] })).toThrow(AllMissingError);
  });

  it('a series with a single observed value', () => {
    const err = (() => {
      try {
        forecast({ values: [null, 3, null] });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(SeriesTooShortError);
    expect((err as ForecastError).code).toBe('TOO_SHORT');
  });

  it('a constant series', () => {
    expect(() => forecast({ values: [5, 5, 5, 5, null, 5, 5, 5] })).toThrow(ConstantSeriesError);
  });

  it('malformed input', () => {
    expect(() => forecast({ values: [1, 2, 3, 4, 5, 6, Infinity] })).toThrow(InvalidForecastInputError);
    expect(() => forecast({ values: airPassengers }, { horizon: 0 })).toThrow(/horizon/);
    expect(() => forecast({ values: airPassengers }, { period: 1.5 })).toThrow(/period/);
  });
});

describe('properties', () => {
  it('never puts a NaN (or any non-finite number) in an answer; otherwise fails with a typed error', () => {
    const value = fc.oneof(
      { weight: 6, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
      { weight: 2, arbitrary: fc.constant(0) },
      { weight: 2, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }) },
    );
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 0, maxLength: 90 }),
        fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
        fc.constantFrom(undefined, 1, 4, 12),
        (values, horizon, period) => {
          try {
            const r = forecast({ values }, { horizon, period });
            expect(numbersIn(r).every(Number.isFinite)).toBe(true);
            expect(r.forecast.length).toBe(r.horizon.used);
            expect(r.forecast.length).toBeGreaterThan(0);
          } catch (error) {
            expect(error).toBeInstanceOf(ForecastError);
          }
        },
      ),
      { numRuns: 120, seed: 20261121 },
    );
  });

  it('random walks and seasonal series with trends always get finite forecasts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 30, maxLength: 150 }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        (shocks, trend, amplitude) => {
          let level = 100;
          const values = shocks.map((e, t) => {
            level += e * 10;
            return level + trend * t + amplitude * Math.sin((2 * Math.PI * t) / 12);
          });
          fc.pre(values.some((v) => v !== values[0]));
          const r = forecast({ values, kind: 'level' }, { period: 12, horizon: 12 });
          expect(numbersIn(r).every(Number.isFinite)).toBe(true);
        },
      ),
      { numRuns: 40, seed: 7 },
    );
  });
});

describe('amounts', () => {
  it('never forecasts a negative amount for a series that never was negative', () => {
    const values = Array.from({ length: 48 }, (_, t) => Math.max(0, 30 + 25 * Math.sin((2 * Math.PI * t) / 12) + ((t * 7919) % 13) - 6));
    const r = forecast({ values, kind: 'amount' }, { period: 12, horizon: 12 });
    for (const p of r.forecast) for (const v of Object.values(p)) if (typeof v === 'number') expect(v).toBeGreaterThanOrEqual(0);
    const levels = forecast({ values: values.map((v) => v - 40), kind: 'level' }, { period: 12, horizon: 12 });
    expect(levels.forecast.some((p) => p.lower95 < 0)).toBe(true);
  });
});
