/** Sparse series (seed 003's two-row file) and intermittent demand (Croston, SBA, TSB). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsvSeries } from '#domain/forecasting/csv';
import { forecast } from '#domain/forecasting/forecast';
import { crostonForecast, demandPattern, fewObservationsSteps, intermittentMethod, tsbState } from '#domain/forecasting/intermittent';

const ref = JSON.parse(readFileSync(new URL('../../../fixtures/forecasting/r-methods.json', import.meta.url), 'utf8')) as {
  croston: { values: number[]; alpha: number; h: number; mean: number[] };
};
const demand = ref.croston.values;

describe("seed 003's two-row file", () => {
  const csv = parseCsvSeries('date;montant\n29/01/2020;1500\n29/01/2026;1800\n');
  const result = forecast({ values: csv.values, start: csv.start!, frequency: 'month' });

  it('forecasts three months from the two rows, not TOO_SHORT', () => {
    expect(result.horizon).toEqual({ requested: null, used: 3, safe: 3, reason: 'auto' });
    expect(result.forecast.map((p) => p.ts)).toEqual(['2026-02-01', '2026-03-01', '2026-04-01']);
    expect(result.model.family).toBe('mean');
    expect(result.forecast[0]!.mean).toBe(1650);
  });

  it('gives the wide intervals two points deserve (Student t with one degree of freedom) and warns twice', () => {
    const sd = Math.sqrt(((1500 - 1650) ** 2 + (1800 - 1650) ** 2) / 1);
    const p = result.forecast[0]!;
    expect(p.upper95).toBeCloseTo(1650 + 12.7062047 * sd * Math.sqrt(1.5), 3);
    expect(p.lower95).toBe(0); // an amount: truncated at zero
    expect(result.density.sparse).toBe(true);
    const text = result.explanations.join('\n');
    expect(text).toMatch(/Density: 2 of 73 periods active .* Warning: under 20 %/);
    expect(text).toMatch(/Warning: only 2 observed values, too few for any model/);
    expect(result.density.warning).toMatch(/^Only 2.7 % of the 73 periods are active \(under 20 %\)/);
    expect(result.durationInfo).toMatchObject({ requested: null, validated: 3, mode: 'auto', rule: { activePeriods: 2, third: 0, minimum: 3, lengthCap: 24 } });
    expect(result.candidates).toEqual([
      { family: 'mean', name: 'mean of 2 observations', informationCriteria: null, criteriaReason: expect.stringMatching(/too few observations .*too short to cross-validate/) as unknown, crossValidation: null },
    ]);
  });

  it('still refuses a single observation as TOO_SHORT', () => {
    expect(() => forecast({ values: [null, 7, null] })).toThrow(/at least 2/);
  });

  it('narrows the Student-t interval as observations are added', () => {
    const two = fewObservationsSteps([10, 12], 1)[0]!;
    const five = fewObservationsSteps([10, 12, 10, 12, 11], 1)[0]!;
    expect(five.upper95 - five.lower95).toBeLessThan((two.upper95 - two.lower95) / 3);
  });
});

describe('intermittent demand', () => {
  it("matches R's croston (alpha 0.1); SBA is Croston times (1 - alpha / 2)", () => {
    expect(crostonForecast(demand, 'croston')).toBeCloseTo(ref.croston.mean[0]!, 10);
    expect(crostonForecast(demand, 'sba')).toBeCloseTo(ref.croston.mean[0]! * 0.95, 10);
  });

  it('classifies by ADI and CV²: steady sizes get Croston, variable sizes SBA, demand that stopped TSB', () => {
    const steady = [0, 0, 5, 0, 0, 4, 0, 0, 0, 5, 0, 6, 0, 0, 5, 0, 0, 4];
    const lumpy = [0, 0, 1, 0, 0, 20, 0, 0, 0, 2, 0, 35, 0, 0, 1, 0, 0, 9];
    const stopped = [...steady, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]; // 10 empty periods > 2 x ADI (26 / 6)
    expect(demandPattern(steady)!.adi).toBe(3);
    expect(intermittentMethod(demandPattern(steady)!)).toBe('croston');
    expect(intermittentMethod(demandPattern(lumpy)!)).toBe('sba');
    expect(intermittentMethod(demandPattern(stopped)!)).toBe('tsb');
    expect(intermittentMethod(demandPattern([3, 4, 0, 5, 4, 3, 5, 0, 4])!)).toBeNull();
  });

  it('TSB lowers the forecast with every period without demand; Croston does not', () => {
    const base = [...demand];
    const later = [...demand, 0, 0, 0, 0];
    const rate = (y: number[]): number => {
      const s = tsbState(y);
      return s.probability * s.size;
    };
    expect(rate(later)).toBeLessThan(rate(base));
    expect(crostonForecast(later, 'croston')).toBe(crostonForecast(base, 'croston'));
  });

  it('forecasts intermittent amounts with the chosen method, per-period intervals, and says why', () => {
    const lumpy = forecast({ values: demand.map((v) => (v === 7 ? 40 : v)), kind: 'amount' }, { horizon: 6 });
    expect(lumpy.model.name).toBe('SBA (Syntetos-Boylan approximation)');
    const result = forecast({ values: demand, kind: 'amount' }, { horizon: 6 });
    expect(result.model).toMatchObject({ family: 'intermittent', name: "Croston's method" });
    expect(result.forecast[0]!.mean).toBeCloseTo(ref.croston.mean[0]!, 10);
    // Demand in 10 of 36 periods: the 10th percentile and the median are zero, the upper bound an observed size.
    const p = result.forecast[0]!;
    expect([p.p10, p.p50, p.lower95]).toEqual([0, 0, 0]);
    expect(p.upper95).toBeGreaterThan(5);
    expect(p.upper95).toBeLessThanOrEqual(7);
    expect(result.candidates).toHaveLength(1);
    expect(result.candidates[0]!.criteriaReason).toMatch(/Croston, SBA and TSB are not derived from a stochastic model with a likelihood/);
    expect(result.explanations.join('\n')).toMatch(/Intermittent demand: 10 non-zero periods, one every 3.6 periods on average \(ADI >= 1.32\); sizes are steady \(CV² 0.23 < 0.49\): Croston's method/);
  });

  it('keeps levels (readings) out of the intermittent methods', () => {
    const levels = demand.map((v, i) => v + (i % 3));
    expect(forecast({ values: levels, kind: 'level' }, { horizon: 3 }).model.family).not.toBe('intermittent');
  });
});
