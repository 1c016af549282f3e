import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { boxCox, boxCoxSteps, guerreroLambda, invBoxCox } from '#domain/forecasting/box-cox';
import { fitTheta, forecastTheta } from '#domain/forecasting/theta';
import { maxRelativeDifference } from './fixtures';

interface Methods {
  guerrero: Array<{ name: string; period: number; values: number[]; lambda: number }>;
  theta: Array<{ name: string; period: number; values: number[]; h: number; mean: number[]; lower95: number[]; upper95: number[] }>;
}
const ref = JSON.parse(readFileSync(new URL('../../../fixtures/forecasting/r-methods.json', import.meta.url), 'utf8')) as Methods;

describe("Guerrero's Box-Cox lambda against R's BoxCox.lambda", () => {
  for (const c of ref.guerrero) {
    it(c.name, () => {
      expect(guerreroLambda(c.values, c.period)).toBeCloseTo(c.lambda, 2);
    });
  }
});

describe('Box-Cox back-transform', () => {
  it('inverts the transform', () => {
    for (const lambda of [-0.5, 0, 0.3, 1]) expect(invBoxCox(boxCox(123.4, lambda), lambda)).toBeCloseTo(123.4, 9);
  });

  it('bias-adjusts the mean (the log-normal mean for lambda 0) and back-transforms the quantiles', () => {
    const [step] = boxCoxSteps([Math.log(100)], [0.2], 0);
    expect(step!.p50).toBeCloseTo(100, 9);
    expect(step!.mean).toBeCloseTo(100 * (1 + 0.5 * 0.04), 9);
    expect(step!.upper95).toBeCloseTo(100 * Math.exp(1.959963984540054 * 0.2), 9);
  });
});

describe("Theta against R's thetaf", () => {
  for (const c of ref.theta) {
    it(`${c.name}: forecasts and 95 % bounds within 0.5 %`, () => {
      const steps = forecastTheta(fitTheta(c.values, c.period), c.h);
      expect(maxRelativeDifference(steps.map((s) => s.mean), c.mean)).toBeLessThan(0.005);
      expect(maxRelativeDifference(steps.map((s) => s.lower95), c.lower95)).toBeLessThan(0.005);
      expect(maxRelativeDifference(steps.map((s) => s.upper95), c.upper95)).toBeLessThan(0.005);
    });
  }
});
