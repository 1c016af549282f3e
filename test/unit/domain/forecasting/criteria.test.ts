/**
 * Information criteria of the candidates: SARIMA's AIC, AICc and BIC as R's Arima computes
 * them (from R's log-likelihood and parameter count on the fixed-order fixtures), ETS's
 * from its own likelihood, and the reason given for every family without one.
 */
import { describe, expect, it } from 'vitest';
import { candidateReport, criteriaOf } from '#domain/forecasting/criteria';
import { fitEts } from '#domain/forecasting/ets';
import { combinationModel, etsModel, intermittentModel, meanModel, sarimaModel, seasonalNaiveModel, thetaModel } from '#domain/forecasting/models';
import { fitSarima } from '#domain/forecasting/sarima';
import { loadCases, seriesOf } from './fixtures';

describe('SARIMA criteria against R', () => {
  for (const c of loadCases('r-fixed-order.json')) {
    it(`${c.name}: AIC, AICc and BIC as R's Arima reports them`, () => {
      const y = seriesOf(c);
      const criteria = criteriaOf(sarimaModel(fitSarima(y, { ...c.order, period: c.period, constant: c.constant }), y))!;
      // R: k = coefficients + sigma²; n = observations left after differencing.
      const k = Object.keys(c.coef!).length + 1;
      const n = y.filter((v) => !Number.isNaN(v)).length - c.order.d - c.order.D * c.period;
      const aic = -2 * c.loglik + 2 * k;
      expect(criteria.aic).toBeCloseTo(aic, 0);
      expect(Math.abs(criteria.aicc - c.aicc!)).toBeLessThan(0.05);
      expect(criteria.bic).toBeCloseTo(aic + k * (Math.log(n) - 2), 0);
    });
  }
});

describe('ETS and the families without a likelihood', () => {
  const airPassengers = seriesOf(loadCases('r-auto-arima.json').find((c) => c.name === 'AirPassengers')!);

  it("gives ETS's AICc and BIC the penalties of its k parameters on n observations", () => {
    // ETS(A,N,N): alpha, the initial level and sigma² (k = 3).
    const fit = fitEts(airPassengers, { trend: 'N', season: 'N', lambda: null, period: 1 })!;
    const n = airPassengers.length;
    expect(fit.aicc - fit.aic).toBeCloseTo((2 * 3 * 4) / (n - 3 - 1), 10);
    expect(fit.bic - fit.aic).toBeCloseTo(3 * (Math.log(n) - 2), 10);
    expect(criteriaOf(etsModel(fit))).toEqual({ aic: fit.aic, aicc: fit.aicc, bic: fit.bic });
  });

  it('says why each family has no criteria and how it is scored instead', () => {
    const y = airPassengers.slice(0, 48);
    const ets = etsModel(fitEts(y, { trend: 'A', season: 'N', lambda: null, period: 1 })!);
    const score = { family: 'combination' as const, name: 'x', mase: 0.5123, smape: 1, coverage80: 0.8, coverage95: 0.95, errorScale: 1, intervalFactor: 1 };
    const combination = candidateReport(combinationModel(ets, thetaModel(y, 1)), score);
    // A combination carries its parts' fits, but they are not its own criteria.
    expect(combination).toEqual({
      family: 'combination',
      name: combination.name,
      informationCriteria: null,
      criteriaReason: 'a combination of forecasts has no likelihood of its own; scored by its cross-validated MASE (0.512)',
      crossValidation: { mase: 0.5123, smape: 1, coverage80: 0.8, coverage95: 0.95 },
    });
    expect(candidateReport(thetaModel(y, 1), undefined).criteriaReason).toMatch(/^Theta .* no likelihood; the series is too short to cross-validate it$/);
    expect(candidateReport(seasonalNaiveModel(y, 12), undefined).criteriaReason).toMatch(/^no parameter is estimated/);
    expect(candidateReport(intermittentModel([0, 3, 0, 0, 4, 0, 5], 'sba'), undefined).criteriaReason).toMatch(/^Croston, SBA and TSB/);
    expect(candidateReport(meanModel([3, 5]), undefined).criteriaReason).toMatch(/^too few observations/);
    expect(candidateReport(ets, { ...score, mase: Infinity }).crossValidation).toBeNull();
  });
});
