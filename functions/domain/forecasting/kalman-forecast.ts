/**
 * Forecasting from the in-model ARIMA state (R's `KalmanForecast`): point forecasts and
 * forecast-error variances for unit innovation variance.
 */
import type { FilterResult } from './kalman';
import { predictCovariance, predictState, structure } from './state-space';

/**
 * Forecasts `horizon` steps from a filtered state (R's `KalmanForecast`): point forecasts
 * and forecast-error variances for unit innovation variance.
 */
export function forecastState(
  filtered: FilterResult,
  phi: readonly number[],
  theta: readonly number[],
  delta: readonly number[],
  horizon: number,
): { mean: number[]; variance: number[] } {
  const s = structure(phi, theta, delta);
  const state = new Float64Array(s.rd);
  const covariance = new Float64Array(s.rd * s.rd);
  predictState(s, filtered.state, state);
  predictCovariance(s, filtered.covariance, new Float64Array(s.rd * s.rd), covariance);
  return forecastFromPredicted(state, covariance, phi, theta, delta, horizon);
}

/**
 * Forecasts from a predicted state of the in-model ARIMA form (ARMA part, then the last
 * observations the differencing needs): step 1 reads the prediction, later steps propagate it.
 */
export function forecastFromPredicted(
  state: Float64Array,
  covariance: Float64Array,
  phi: readonly number[],
  theta: readonly number[],
  delta: readonly number[],
  horizon: number,
): { mean: number[]; variance: number[] } {
  const s = structure(phi, theta, delta);
  const { r, rd } = s;
  let a = Float64Array.from(state);
  let aNew = new Float64Array(rd);
  let P = Float64Array.from(covariance);
  let Pnew = new Float64Array(rd * rd);
  const mm = new Float64Array(rd * rd);
  const mean: number[] = [];
  const variance: number[] = [];
  const z = (i: number): number => (i === 0 ? 1 : i >= r ? delta[i - r]! : 0);
  for (let h = 0; h < horizon; h++) {
    if (h > 0) {
      predictState(s, a, aNew);
      predictCovariance(s, P, mm, Pnew);
      [a, aNew] = [aNew, a];
      [P, Pnew] = [Pnew, P];
    }
    let fc = a[0]!;
    for (const k of s.deltaIdx) fc += delta[k]! * a[r + k]!;
    let v = 0;
    for (let i = 0; i < rd; i++) {
      const zi = z(i);
      if (zi === 0) continue;
      for (let j = 0; j < rd; j++) {
        const zj = z(j);
        if (zj !== 0) v += zi * zj * P[i * rd + j]!;
      }
    }
    mean.push(fc);
    variance.push(Math.max(v, 0));
  }
  return { mean, variance };
}
