/**
 * Forecasts of fitted SARIMA models: the exact path reproduces R's `predict.Arima` (the
 * in-model Kalman filter with diffuse differencing states over the whole series, gaps
 * allowed); the fast path, for complete series, filters the differenced series with the
 * Chandrasekhar recursions and starts the in-model forecast from its last prediction.
 */
import { armaLikelihood, filterArima } from './kalman';
import { forecastFromPredicted, forecastState } from './kalman-forecast';
import { differencingCoefficients, expandSeasonal } from './polynomial';
import { SarimaFitError, differencedSeries, regression, type SarimaFit } from './sarima';

/** Point forecasts and forecast standard errors of a fitted model. */
export interface SarimaForecast {
  mean: number[];
  se: number[];
}

/**
 * Forecasts `horizon` steps after the end of `y` (the series the model was fitted to,
 * NaN = missing), by the in-model Kalman filter as R's `predict.Arima`. `sigma2` overrides
 * the fit's innovation variance (auto.arima uses a degrees-of-freedom-corrected one).
 */
export function forecastSarima(fit: SarimaFit, y: readonly number[], horizon: number, sigma2?: number): SarimaForecast {
  const { spec } = fit;
  const { phi, theta } = expandSeasonal(fit.ar, fit.ma, fit.sar, fit.sma, spec.period);
  const delta = differencingCoefficients(spec.d, spec.D, spec.period);
  const reg = (t: number): number => regression(spec, fit.constant, t);
  const x = y.map((v, t) => v - reg(t));
  const filtered = filterArima(x, phi, theta, delta, true);
  if (!filtered) throw new SarimaFitError('non-stationary estimate');
  const fc = forecastState(filtered, phi, theta, delta, horizon);
  const n = y.length;
  const s2 = sigma2 ?? correctedSigma2(fit, filtered.residuals!);
  return {
    mean: fc.mean.map((m, h) => m + reg(n + h)),
    se: fc.variance.map((v) => Math.sqrt(v * s2)),
  };
}

/**
 * The innovation variance forecast::Arima reports and forecasts with: the sum of squared
 * standardised residuals over `n* - k + 1` degrees of freedom (n* = observations after
 * differencing, k = coefficients + 1), slightly wider than the ML estimate.
 */
export function correctedSigma2(fit: SarimaFit, residuals: ArrayLike<number>): number {
  let first = -1;
  let last = -1;
  let sum = 0;
  for (let t = 0; t < residuals.length; t++) {
    const r = residuals[t]!;
    if (Number.isNaN(r)) continue;
    if (first < 0) first = t;
    last = t;
    sum += r * r;
  }
  let observed = 0;
  for (let t = first; t <= last && t >= 0; t++) if (!Number.isNaN(residuals[t]!)) observed++;
  const nstar = observed - fit.spec.d - fit.spec.D * fit.spec.period;
  const dof = nstar - (fit.coefficientCount + 1) + 1;
  return dof > 0 ? sum / dof : fit.sigma2;
}

/**
 * Fast forecasts for a series without gaps: the same means, forecast variances and
 * corrected sigma^2 as {@link forecastSarima} (the differencing states are then known
 * exactly). Falls back to the exact path when the series has gaps.
 */
export function forecastSarimaFast(fit: SarimaFit, y: readonly number[], horizon: number): SarimaForecast {
  const { spec } = fit;
  if (y.some((v) => Number.isNaN(v))) return forecastSarima(fit, y, horizon);
  const { phi, theta } = expandSeasonal(fit.ar, fit.ma, fit.sar, fit.sma, spec.period);
  const delta = differencingCoefficients(spec.d, spec.D, spec.period);
  const diffs = spec.d + spec.D;
  const mu = !spec.constant ? 0 : diffs === 0 ? fit.constant : spec.d === 1 ? fit.constant : fit.constant * spec.period;
  const w = differencedSeries(y, spec).map((v) => v - mu);
  const innovations = new Float64Array(w.length);
  const predicted = { state: new Float64Array(0), covariance: new Float64Array(0) };
  const res = armaLikelihood(w, phi, theta, innovations, predicted);
  if (!res) throw new SarimaFitError('non-stationary estimate');
  const r = Math.max(phi.length, theta.length + 1);
  const rd = r + delta.length;
  const n = y.length;
  const reg = (t: number): number => regression(spec, fit.constant, t);
  // Predicted in-model state for time n: ARMA part, then x_{n-1}, x_{n-2}, ... known exactly.
  const state = new Float64Array(rd);
  state.set(predicted.state);
  for (let i = 0; i < delta.length; i++) state[r + i] = y[n - 1 - i]! - reg(n - 1 - i);
  const covariance = new Float64Array(rd * rd);
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) covariance[i * rd + j] = predicted.covariance[i * r + j]!;
  const fc = forecastFromPredicted(state, covariance, phi, theta, delta, horizon);
  // R's residuals also hold the standardised innovations of the diffuse start (the first
  // d + D*m steps); they are small but count in forecast's sigma^2 for large-level series.
  let startSsq = 0;
  if (delta.length > 0) {
    const head = filterArima(y.slice(0, delta.length).map((v, t) => v - reg(t)), phi, theta, delta, true);
    for (const e of head?.residuals ?? []) if (!Number.isNaN(e)) startSsq += e * e;
  }
  const k = fit.coefficientCount + 1;
  const dof = w.length - k + 1;
  const s2 = dof > 0 ? (res.ssq + startSsq) / dof : fit.sigma2;
  return {
    mean: fc.mean.map((m, h) => m + reg(n + h)),
    se: fc.variance.map((v) => Math.sqrt(v * s2)),
  };
}
