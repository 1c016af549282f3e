/**
 * The model families the engine chooses between, behind one small interface: fit on a
 * series, forecast predictive steps, and refit the same form on a shorter history (for
 * the rolling-origin backtest).
 */
import { autoArima, type AutoArimaOptions } from './auto-arima';
import { seasonalNaive } from './baselines';
import { autoEts, etsName, fitEts, forecastEtsSteps, type EtsFit } from './ets';
import { combineSteps, gaussianSteps, type PredictiveStep } from './predictive';
import { SarimaFitError, coefficientsOf, fitSarima, type SarimaFit, type SarimaSpec } from './sarima';
import { forecastSarimaFast } from './sarima-forecast';
import { interpolateGaps } from './decomposition';
import { crostonForecast, fewObservationsSteps, intermittentSteps, tsbState, type IntermittentMethod } from './intermittent';
import { fitTheta, forecastTheta, type ThetaFit } from './theta';
import { fitMstl, forecastMstl, type MstlFit } from './mstl';

/**
 * Model families. `combination` averages the SARIMA and ETS forecasts; `intermittent` is
 * Croston, SBA or TSB (chosen by the demand pattern); `mean` is the forecast of a handful
 * of observations; `mstl` is ETS on the series without its seasonal components (one or
 * several periods), the components' last cycles added back.
 */
export type Family = 'sarima' | 'ets' | 'theta' | 'seasonal-naive' | 'combination' | 'intermittent' | 'mean' | 'mstl';

/** A fitted model of some family. */
export interface FittedModel {
  family: Family;
  /** e.g. "ARIMA(0,1,1)(0,1,1)[12]" or "ETS(A,Ad,A) on Box-Cox(0.12)". */
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
    forecast: memoForecast((horizon) => forecastEtsSteps(fit, horizon)),
    refit: memoRefit((history) => {
      const again = fitEts(history, fit.spec, fit);
      return again ? etsModel(again) : null;
    }),
  };
}

/** Chooses the ETS form by AICc (with `relative`, among multiplicative-error forms too); null when no form fits. */
export function autoEtsModel(y: readonly number[], period: number, relative = false): FittedModel | null {
  const fit = autoEts(y, period, relative);
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

/** Equal-weight combination of models (quantile averaging); its parts' SARIMA and ETS fits are kept for the answer. */
export function combinationModel(...parts: FittedModel[]): FittedModel {
  return {
    family: 'combination',
    name: `mean of ${parts.map((p) => p.name).join(', ')}`,
    aicc: null,
    sarima: parts.find((p) => p.sarima)?.sarima ?? null,
    ets: parts.find((p) => p.ets)?.ets ?? null,
    forecast: (horizon) => combineSteps(parts.map((p) => p.forecast(horizon))),
    refit(history) {
      const again = parts.map((p) => p.refit(history));
      return again.every((p) => p !== null) ? combinationModel(...(again as FittedModel[])) : null;
    },
  };
}

/** The Theta method (as R's thetaf); gaps are bridged by linear interpolation first. */
export function thetaModel(y: readonly number[], period: number): FittedModel {
  const fit: ThetaFit = fitTheta(interpolateGaps(y), period);
  return {
    family: 'theta',
    name: fit.seasonal ? `Theta (multiplicative seasonal adjustment [${period}])` : 'Theta',
    aicc: null,
    sarima: null,
    ets: null,
    forecast: memoForecast((horizon) => forecastTheta(fit, horizon)),
    refit: memoRefit((history) => thetaModel(history, period)),
  };
}

/** Wraps an MSTL fit; refits re-decompose the history and keep the ETS form of the adjusted series. */
function mstlModelOf(fit: MstlFit, periods: readonly number[]): FittedModel {
  return {
    family: 'mstl',
    name: `MSTL[${fit.decomposition.periods.join(',')}] + ${etsName(fit.ets.spec)}`,
    aicc: null,
    sarima: null,
    ets: fit.ets,
    forecast: memoForecast((horizon) => forecastMstl(fit, horizon)),
    refit: memoRefit((history) => {
      const again = fitMstl(history, periods, fit.ets);
      return again && again.decomposition.periods.length > 0 ? mstlModelOf(again, periods) : null;
    }),
  };
}

/** STL decomposition by every period the series covers twice, ETS on the rest (R's `stlf` on an `msts`); null when none applies or no ETS fits. */
export function mstlModel(y: readonly number[], periods: readonly number[]): FittedModel | null {
  const fit = fitMstl(y, periods);
  return fit && fit.decomposition.periods.length > 0 ? mstlModelOf(fit, periods) : null;
}

const INTERMITTENT_NAMES: Record<IntermittentMethod, string> = { croston: "Croston's method", sba: 'SBA (Syntetos-Boylan approximation)', tsb: 'TSB (Teunter-Syntetos-Babai)' };

/** Croston, SBA or TSB on a series of non-negative amounts with at least two demands. */
export function intermittentModel(y: readonly number[], method: IntermittentMethod): FittedModel {
  const observed = y.filter((v) => !Number.isNaN(v));
  const demands = observed.filter((v) => v > 0).length;
  let mean: number;
  let probability: number;
  if (method === 'tsb') {
    const state = tsbState(y);
    mean = state.probability * state.size;
    probability = state.probability;
  } else {
    mean = crostonForecast(y, method);
    probability = demands / observed.length;
  }
  return {
    family: 'intermittent',
    name: INTERMITTENT_NAMES[method],
    aicc: null,
    sarima: null,
    ets: null,
    forecast: (horizon) => intermittentSteps(y, mean, probability, horizon),
    refit: (history) => (history.filter((v) => !Number.isNaN(v) && v > 0).length >= 2 ? intermittentModel(history, method) : null),
  };
}

/** The mean of a handful of observations, with Student-t intervals (see {@link fewObservationsSteps}). */
export function meanModel(y: readonly number[]): FittedModel {
  const count = y.filter((v) => !Number.isNaN(v)).length;
  return {
    family: 'mean',
    name: `mean of ${count} observations`,
    aicc: null,
    sarima: null,
    ets: null,
    forecast: (horizon) => fewObservationsSteps(y, horizon),
    refit: () => null,
  };
}
