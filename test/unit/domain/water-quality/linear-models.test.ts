import { describe, expect, it } from 'vitest';
import { seededRandom, gaussian } from '#domain/leaks/robust';
import { auc, brier, calibrationBins, conformalQuantile, coverage } from '#domain/water-quality/evaluation';
import { fitLogistic, fitRidge, linear, sigmoid } from '#domain/water-quality/linear-models';

describe('linear models', () => {
  const random = seededRandom(7);
  const rows = Array.from({ length: 4000 }, () => [gaussian(random) * 2 + 1, gaussian(random) * 0.5 - 3]);

  it('recovers the coefficients of a logistic model (raw scale, intercept included)', () => {
    const ys = rows.map((x) => random() < sigmoid(-1 + 1.5 * x[0]! - 2 * x[1]!));
    const m = fitLogistic(rows, ys, 0.01);
    expect(m.weights[0]).toBeCloseTo(1.5, 0);
    expect(m.weights[1]).toBeCloseTo(-2, 0);
    expect(m.intercept).toBeCloseTo(-1, 0);
    expect(m.means[0]).toBeCloseTo(1, 0);
  });

  it('recovers a linear relation by ridge regression, and shrinks with a larger penalty', () => {
    const ys = rows.map((x) => 0.5 + 3 * x[0]! - x[1]! + 0.1 * gaussian(random));
    const m = fitRidge(rows, ys, 0.001);
    expect(m.weights[0]).toBeCloseTo(3, 2);
    expect(m.weights[1]).toBeCloseTo(-1, 1);
    expect(linear(m, [1, -3])).toBeCloseTo(0.5 + 3 + 3, 1);
    expect(Math.abs(fitRidge(rows, ys, 4000).weights[0]!)).toBeLessThan(2.5);
  });
});

describe('evaluation', () => {
  it('computes AUC by ranks, ties counting half', () => {
    expect(auc([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBeCloseTo(0.75, 12);
    expect(auc([0.5, 0.5], [false, true])).toBe(0.5);
    expect(auc([0.1, 0.2], [true, true])).toBeNaN();
  });

  it('computes the Brier score and calibration bins', () => {
    expect(brier([1, 0, 0.5], [true, false, true])).toBeCloseTo(0.25 / 3, 12);
    const bins = calibrationBins([0.05, 0.07, 0.95], [false, true, true]);
    expect(bins[0]).toMatchObject({ count: 2, observedRate: 0.5 });
    expect(bins[0]!.meanPredicted).toBeCloseTo(0.06, 12);
    expect(bins[9]).toMatchObject({ count: 1, observedRate: 1 });
    expect(bins[5]).toMatchObject({ count: 0, meanPredicted: null });
  });

  it('takes the conformal quantile at rank ceil((n+1)·level), infinite when n is too small', () => {
    const residuals = Array.from({ length: 99 }, (_, i) => i + 1);
    expect(conformalQuantile(residuals, 0.9)).toBe(90);
    expect(conformalQuantile([1, 2, 3], 0.9)).toBe(Number.POSITIVE_INFINITY);
    expect(coverage([{ lower: 0, upper: 1 }, { lower: 2, upper: 3 }], [0.5, 5])).toBe(0.5);
  });
});
