/** ETS, the seasonal naive baseline, accuracy measures and the backtest plan. */
import { describe, expect, it } from 'vitest';
import { backtest, backtestPlan } from '#domain/forecasting/backtest';
import { seasonalNaive, seasonalNaiveScale } from '#domain/forecasting/baselines';
import { invBoxCox } from '#domain/forecasting/box-cox';
import { autoEts, fitEts, forecastEts } from '#domain/forecasting/ets';
import { accuracy } from '#domain/forecasting/metrics';
import { etsModel, seasonalNaiveModel, type FittedModel } from '#domain/forecasting/models';
import { Z95, combineSteps, gaussianSteps } from '#domain/forecasting/predictive';
import { loadCases, seriesOf } from './fixtures';

const air = seriesOf(loadCases('r-auto-arima.json').find((c) => c.name === 'AirPassengers')!);

describe('seasonal naive', () => {
  it('repeats the last season and widens by whole seasons', () => {
    const y = [1, 2, 3, 4, 2, 3, 4, 5];
    const f = seasonalNaive(y, 4, 6);
    expect(f.map((s) => s.mean)).toEqual([2, 3, 4, 5, 2, 3]);
    const sigma = 1; // every seasonal difference is 1
    expect(f[0]!.upper95 - f[0]!.mean).toBeCloseTo(Z95 * sigma, 10);
    expect(f[4]!.upper95 - f[4]!.mean).toBeCloseTo(Z95 * sigma * Math.SQRT2, 10);
  });

  it('skips back a season over a gap', () => {
    expect(seasonalNaive([1, 2, 3, 4, 5, NaN], 2, 2).map((s) => s.mean)).toEqual([5, 4]);
  });

  it('scales MASE by the in-sample seasonal naive error', () => {
    expect(seasonalNaiveScale([1, 2, 3, 4, 2, 3, 4, 5], 4)).toBe(1);
  });
});

describe('accuracy', () => {
  it('computes MASE, sMAPE and coverage, skipping missing actuals', () => {
    const steps = gaussianSteps([10, 10, 10], [1, 1, 1]);
    const acc = accuracy([1, 2, 3, 4, 2, 3, 4, 5], [11, NaN, 14], steps, 4);
    expect(acc.count).toBe(2);
    expect(acc.mase).toBeCloseTo((1 + 4) / 2, 10);
    expect(acc.smape).toBeCloseTo(((200 * 1) / 21 + (200 * 4) / 24) / 2, 10);
    expect(acc.coverage95).toBe(0.5);
    expect(acc.coverage80).toBe(0.5);
  });
});

describe('ETS', () => {
  it("fits AirPassengers best on Guerrero's Box-Cox scale (R's -0.29, kept at the log) with a seasonal component", () => {
    const fit = autoEts(air, 12)!;
    expect(fit.spec.season).toBe('A');
    expect(fit.spec.lambda).toBeCloseTo(0, 3);
    const fc = forecastEts(fit, 12);
    // Forecasts stay in the range of the last years and widen with the horizon.
    expect(invBoxCox(fc.mean[6]!, fit.spec.lambda!)).toBeGreaterThan(450);
    expect(invBoxCox(fc.mean[6]!, fit.spec.lambda!)).toBeLessThan(700);
    expect(fc.se[11]!).toBeGreaterThan(fc.se[0]!);
  });

  it('refuses forms the data cannot support', () => {
    expect(fitEts([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { trend: 'A', season: 'A', lambda: null, period: 12 })).toBeNull();
    expect(fitEts([1, -2, 3, 4, 5, 6, 7, 8, 9, 10], { trend: 'N', season: 'N', lambda: 0.5, period: 1 })).toBeNull();
  });
});

describe('backtest', () => {
  it('plans up to three origins of one season, keeping two seasons to train on', () => {
    expect(backtestPlan(144, 12, 24)).toEqual({ window: 12, origins: [108, 120, 132] });
    expect(backtestPlan(40, 12, 24)).toEqual({ window: 12, origins: [28] });
    expect(backtestPlan(20, 12, 6)).toBeNull();
    expect(backtestPlan(30, 1, 3)).toEqual({ window: 3, origins: [21, 24, 27] });
  });

  it('scores refitted candidates on what followed each origin', () => {
    const plan = backtestPlan(air.length, 12, 12)!;
    const report = backtest(air, 12, [etsModel(autoEts(air, 12)!), seasonalNaiveModel(air, 12)], plan);
    expect(report.origins).toBe(3);
    const [ets, naive] = report.candidates;
    expect(ets!.mase).toBeLessThan(naive!.mase);
    expect(naive!.coverage95).toBeGreaterThanOrEqual(0);
  });

  it('combines forecasts by averaging means and quantiles', () => {
    const a = gaussianSteps([10], [1]);
    const b = gaussianSteps([20], [3]);
    const c = combineSteps([a, b])[0]!;
    expect(c.mean).toBe(15);
    expect(c.upper95).toBeCloseTo((a[0]!.upper95 + b[0]!.upper95) / 2, 12);
  });
});

describe('interval calibration from the backtest', () => {
  it('widens intervals around the median when backtest errors were too large, never narrows them', async () => {
    const { calibrate, MAX_WIDENING } = await import('#domain/forecasting/backtest');
    const steps = gaussianSteps([10, 20], [1, 2]);
    expect(calibrate(steps, 0.7)).toEqual({ steps, factor: 1 });
    const wide = calibrate(steps, 1.2);
    expect(wide.factor).toBe(1.2);
    expect(wide.steps[1]!.upper95 - 20).toBeCloseTo(1.2 * (steps[1]!.upper95 - 20), 12);
    expect(wide.steps[1]!.mean).toBe(20);
    expect(calibrate(steps, 9).factor).toBe(MAX_WIDENING);
  });

  it('takes the conformal rank ceil(0.95 (k + 1)) of the error ratios', async () => {
    const { conformalFactor } = await import('#domain/forecasting/backtest');
    const ratios = Array.from({ length: 39 }, (_, i) => (i + 1) / 10);
    // k = 39: rank ceil(0.95 * 40) = 38, the 38th smallest.
    expect(conformalFactor(ratios.reverse(), 0.95)).toBe(3.8);
    // Too few errors for the rank: the largest.
    expect(conformalFactor([0.5, 2, 1], 0.95)).toBe(2);
    expect(conformalFactor([], 0.95)).toBe(1);
  });

  it('calibrates over the whole horizon from up to three windows of that length', async () => {
    const { calibrationPlan } = await import('#domain/forecasting/backtest');
    expect(calibrationPlan(100, 4, 8)).toEqual({ window: 8, origins: [76, 84, 92] });
    // Period 12 needs 26 points before the first origin.
    expect(calibrationPlan(40, 12, 8)).toEqual({ window: 8, origins: [32] });
    expect(calibrationPlan(30, 12, 8)).toBeNull();
    expect(calibrationPlan(30, 1, 6)).toEqual({ window: 6, origins: [12, 18, 24] });
    expect(calibrationPlan(25, 1, 6)).toEqual({ window: 6, origins: [13, 19] });
  });

  it("scores each candidate's interval factor from its own rolling-origin errors", () => {
    // A model whose 95 % half-width is 1 while the series moves by 3 each step: errors need a factor of about 3 or more.
    const y = Array.from({ length: 40 }, (_, i) => 3 * i);
    const flat = (history: readonly number[]): FittedModel => ({
      family: 'ets',
      name: 'flat',
      aicc: null,
      sarima: null,
      ets: null,
      forecast: (h) => gaussianSteps(new Array<number>(h).fill(history[history.length - 1]!), new Array<number>(h).fill(1 / Z95)),
      refit: (again) => flat(again),
    });
    const plan = backtestPlan(y.length, 1, 6)!;
    const [score] = backtest(y, 1, [flat(y)], plan).candidates;
    // Errors 3, 6, ..., 18 at each of 3 origins: 18 errors, rank ceil(0.95 * 19) = 19 > 18, so the largest.
    expect(score!.intervalFactor).toBeCloseTo(18, 10);
  });
});
