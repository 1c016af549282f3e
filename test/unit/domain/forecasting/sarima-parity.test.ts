/**
 * Parity of the SARIMA engine with R (stats::arima via forecast::Arima, forecast::auto.arima)
 * and statsmodels' SARIMAX, on the fixtures made by scripts/fixtures/forecast-r.R and
 * scripts/fixtures/forecast-statsmodels.py. The issue's tolerances: point forecasts within
 * 0.5 % and interval widths within 2 % for the same order.
 */
import { describe, expect, it } from 'vitest';
import { autoArima } from '#domain/forecasting/auto-arima';
import { Z80, Z95 } from '#domain/forecasting/predictive';
import { fitSarima } from '#domain/forecasting/sarima';
import { forecastSarima, forecastSarimaFast } from '#domain/forecasting/sarima-forecast';
import { loadCases, maxRelativeDifference, seriesOf, type ReferenceCase } from './fixtures';

const POINT_TOLERANCE = 0.005;
const WIDTH_TOLERANCE = 0.02;

function widths(c: ReferenceCase, level: 80 | 95): number[] {
  return level === 80 ? c.upper80.map((u, i) => u - c.lower80[i]!) : c.upper95.map((u, i) => u - c.lower95[i]!);
}

describe('SARIMA at fixed orders against R', () => {
  for (const c of loadCases('r-fixed-order.json')) {
    it(`${c.name}: forecasts, intervals and likelihood match R`, () => {
      const y = seriesOf(c);
      const fit = fitSarima(y, { ...c.order, period: c.period, constant: c.constant });
      const fc = forecastSarima(fit, y, c.h);
      expect(maxRelativeDifference(fc.mean, c.mean)).toBeLessThan(POINT_TOLERANCE);
      expect(maxRelativeDifference(fc.se.map((s) => 2 * Z95 * s), widths(c, 95))).toBeLessThan(WIDTH_TOLERANCE);
      expect(maxRelativeDifference(fc.se.map((s) => 2 * Z80 * s), widths(c, 80))).toBeLessThan(WIDTH_TOLERANCE);
      expect(fit.loglik).toBeCloseTo(c.loglik, 1);
      expect(Math.abs(fit.aicc - c.aicc!)).toBeLessThan(0.05);
    });
  }
});

describe('automatic order selection against auto.arima', () => {
  for (const c of loadCases('r-auto-arima.json')) {
    it(`${c.name}: chooses R's order and forecasts as R does`, () => {
      const y = seriesOf(c);
      const { fit } = autoArima(y, c.period);
      const { period: _period, constant, ...order } = fit.spec;
      expect({ ...order, constant }).toEqual({ ...c.order, constant: c.constant });
      const fc = forecastSarima(fit, y, c.h);
      expect(maxRelativeDifference(fc.mean, c.mean)).toBeLessThan(POINT_TOLERANCE);
      expect(maxRelativeDifference(fc.se.map((s) => 2 * Z95 * s), widths(c, 95))).toBeLessThan(WIDTH_TOLERANCE);
    });
  }
});

describe('SARIMA at fixed orders against statsmodels SARIMAX', () => {
  for (const c of loadCases('statsmodels-fixed-order.json')) {
    it(`${c.name}: forecasts and intervals match statsmodels`, () => {
      const y = seriesOf(c);
      const fit = fitSarima(y, { ...c.order, period: c.period, constant: c.constant });
      // statsmodels forecasts with the ML innovation variance, not forecast's corrected one.
      const fc = forecastSarima(fit, y, c.h, fit.sigma2);
      expect(maxRelativeDifference(fc.mean, c.mean)).toBeLessThan(POINT_TOLERANCE);
      expect(maxRelativeDifference(fc.se.map((s) => 2 * Z95 * s), widths(c, 95))).toBeLessThan(WIDTH_TOLERANCE);
      expect(Math.abs(fit.loglik - c.loglik)).toBeLessThan(0.05);
    });
  }
});

describe('fast forecasts', () => {
  for (const c of loadCases('r-fixed-order.json').filter((x) => !x.values.some((v) => typeof v !== 'number'))) {
    it(`${c.name}: same forecasts and intervals as the exact path`, () => {
      const y = seriesOf(c);
      const fit = fitSarima(y, { ...c.order, period: c.period, constant: c.constant });
      const exact = forecastSarima(fit, y, c.h, fit.sigma2);
      const fast = forecastSarimaFast(fit, y, c.h);
      // The exact path approximates the diffuse start with a 1e6 prior variance, as R does.
      expect(maxRelativeDifference(fast.mean, exact.mean)).toBeLessThan(1e-5);
      expect(maxRelativeDifference(fast.se, forecastSarima(fit, y, c.h).se)).toBeLessThan(1e-4);
    });
  }
});

describe('optimisers', () => {
  it('BFGS (R-like path) and Levenberg–Marquardt reach the same estimate', () => {
    const c = loadCases('r-fixed-order.json').find((x) => x.name === 'USAccDeaths-airline')!;
    const y = seriesOf(c);
    const spec = { ...c.order, period: c.period, constant: c.constant };
    const a = fitSarima(y, spec, 'CSS-ML', { optimizer: 'bfgs' });
    const b = fitSarima(y, spec, 'CSS-ML', { optimizer: 'lm' });
    expect(a.loglik).toBeCloseTo(b.loglik, 2);
    expect(a.ma[0]!).toBeCloseTo(b.ma[0]!, 2);
    expect(a.sma[0]!).toBeCloseTo(b.sma[0]!, 2);
  });
});
