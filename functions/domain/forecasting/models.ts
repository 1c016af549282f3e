/**
 * The model families the engine chooses between, behind one small interface: fit on a
 * series, forecast predictive steps, and refit the same form on a shorter history (for
 * the rolling-origin backtest).
 */
import { autoArima, type AutoArimaOptions } from './auto-arima';
import { seasonalNaive } from './baselines';
import { autoEts, etsName, fitEts, forecastEts, type EtsFit } from './ets';
import { combineSteps, gaussianSteps, type PredictiveStep } from './predictive';
import { SarimaFitError, coefficientsOf, fitSarima, type SarimaFit, type SarimaSpec } from './sarima';
import { forecastSarimaFast } from './sarima-forecast';

/** Model families. `combination` averages the SARIMA and ETS forecasts. */
export type Family = 'sarima' | 'ets' | 'seasonal-naive' | 'combination';

/** A fitted model of some family. */
export interface FittedModel {
  family: Family;
  /** e.g. "ARIMA(0,1,1)(0,1,1)[12]" or "ETS(A,Ad,A) on log". */
  name: string;
  /** AICc of the fit on its own likelihood (not comparable across families); null when none. */
  aicc: number | null;
  sarima: SarimaFit | null;
  ets: EtsFit | null;
  forecast(horizon: number): PredictiveStep[];
  /** The same form re-estimated on `history`; null when it cannot be. */
  refit(history: readonly number[]): FittedModel | null;
}

/** R-style name of a SARIMA specification. */
export function sarimaName(spec: SarimaSpec): string {
  const seasonal = spec.period > 1 && spec.P + spec.D + spec.Q > 0 ? `(${spec.P},${spec.D},${spec.Q})[${spec.period}]` : '';
  const diffs = spec.d + spec.D;
  const constant = spec.constant ? (diffs === 0 ? ' with non-zero mean' : ' with drift') : '';
  return `ARIMA(${spec.p},${spec.d},${spec.q})${seasonal}${constant}`;
}

/**
 * Remembers refits by history length: the backtest refits on prefixes of one series, and
 * the combination refits the same SARIMA and ETS models its parts already refitted.
 */
function memoRefit(refit: (history: readonly number[]) => FittedModel | null): (history: readonly number[]) => FittedModel | null {
  const cache = new Map<number, FittedModel | null>();
  return (history) => {
    if (!cache.has(history.length)) cache.set(history.length, refit(history));
    return cache.get(history.length)!;
  };
}

/** Remembers forecasts by horizon (the combination asks its parts again). */
function memoForecast(run: (horizon: number) => PredictiveStep[]): (horizon: number) => PredictiveStep[] {
  const cache = new Map<number, PredictiveStep[]>();
  return (horizon) => {
    if (!cache.has(horizon)) cache.set(horizon, run(horizon));
    return cache.get(horizon)!;
  };
}

/** Wraps a SARIMA fit; refits keep the order and start from the current estimates. */
export function sarimaModel(fit: SarimaFit, y: readonly number[]): FittedModel {
  return {
    family: 'sarima',
    name: sarimaName(fit.spec),
    aicc: fit.aicc,
    sarima: fit,
    ets: null,
    forecast: memoForecast((horizon) => {
      const fc = forecastSarimaFast(fit, y, horizon);
      return gaussianSteps(fc.mean, fc.se);
    }),
    refit: memoRefit((history) => {
      try {
        return sarimaModel(fitSarima(history, fit.spec, 'ML', { start: coefficientsOf(fit), maxIterations: 3, tolerance: 1e-6 }), history);
      } catch (error) {
        if (error instanceof SarimaFitError) return null;
        throw error;
      }
    }),
  };
}

/** Chooses a SARIMA order automatically and wraps the fit; null when nothing fits. */
export function autoSarimaModel(y: readonly number[], period: number, options?: AutoArimaOptions): { model: FittedModel; seasonalStrength: number } | null {
  try {
    const res = autoArima(y, period, options);
    return { model: sarimaModel(res.fit, y), seasonalStrength: res.seasonalStrength };
  } catch (error) {
    if (error instanceof SarimaFitError) return null;
    throw error;
  }
}

/** Wraps an ETS fit. */
export function etsModel(fit: EtsFit): FittedModel {
  return {
    family: 'ets',
    name: etsName(fit.spec),
    aicc: fit.aicc,
    sarima: null,
    ets: fit,
    forecast: memoForecast((horizon) => {
      const fc = forecastEts(fit, horizon);
      return gaussianSteps(fc.mean, fc.se, fit.spec.log);
    }),
    refit: memoRefit((history) => {
      const again = fitEts(history, fit.spec, fit);
      return again ? etsModel(again) : null;
    }),
  };
}

/** Chooses the ETS form by AICc; null when no form fits. */
export function autoEtsModel(y: readonly number[], period: number): FittedModel | null {
  const fit = autoEts(y, period);
  return fit ? etsModel(fit) : null;
}

/** The seasonal naive baseline as a model. */
export function seasonalNaiveModel(y: readonly number[], period: number): FittedModel {
  return {
    family: 'seasonal-naive',
    name: period > 1 ? `seasonal naive [${period}]` : 'naive',
    aicc: null,
    sarima: null,
    ets: null,
    forecast: (horizon) => seasonalNaive(y, period, horizon),
    refit: (history) => seasonalNaiveModel(history, period),
  };
}

/** Equal-weight combination of a SARIMA and an ETS model. */
export function combinationModel(sarima: FittedModel, ets: FittedModel): FittedModel {
  return {
    family: 'combination',
    name: `mean of ${sarima.name} and ${ets.name}`,
    aicc: null,
    sarima: sarima.sarima,
    ets: ets.ets,
    forecast: (horizon) => combineSteps([sarima.forecast(horizon), ets.forecast(horizon)]),
    refit(history) {
      const a = sarima.refit(history);
      const b = ets.refit(history);
      return a && b ? combinationModel(a, b) : null;
    },
  };
}
