/**
 * Kalman filtering of (S)ARIMA models in state-space form, with the innovation variance
 * concentrated out (it is 1 inside the filter; the caller scales by sigma^2).
 *
 * Two filters:
 * - {@link armaLikelihood}: the exact Gaussian likelihood of a stationary ARMA series, by
 *   Chandrasekhar recursions (O(r) per step instead of O(r^2), because the Riccati increment
 *   starting from the stationary covariance has rank one) when nothing is missing, and by
 *   the full Riccati filter otherwise. This is the objective the optimiser calls.
 * - {@link filterArima}: R's `ARIMA_Like` with the differencing in the state (diffuse
 *   prior, kappa = 1e6), which handles gaps anywhere and leaves the state the forecasts
 *   of `kalman-forecast.ts` start from.
 */
import { stationaryStateCovariance, stationaryStateCovarianceFirstColumn } from './arma-covariance';
import { nonZero, predictCovariance, predictState, structure } from './state-space';

/** Sufficient statistics of the concentrated Gaussian likelihood. */
export interface LikelihoodTerms {
  /** Sum of squared standardised innovations. */
  ssq: number;
  /** Sum of log innovation variances (unit sigma). */
  sumLog: number;
  /** Number of innovations used. */
  used: number;
}


/**
 * Exact likelihood terms of the zero-mean stationary ARMA(phi, theta) for `w`
 * (NaN = missing). Returns null when the AR part is not stationary. When `innovations`
 * is given and nothing is missing, the standardised innovations are written into it; with
 * `predicted`, the state and covariance predicted for the step after the last are returned in it.
 */
export function armaLikelihood(
  w: ArrayLike<number>,
  phi: readonly number[],
  theta: readonly number[],
  innovations?: Float64Array,
  predicted?: { state: Float64Array; covariance: Float64Array },
): LikelihoodTerms | null {
  for (let i = 0; i < w.length; i++) {
    if (Number.isNaN(w[i]!)) {
      const f = filterArima(w, phi, theta, [], false);
      return f && { ssq: f.ssq, sumLog: f.sumLog, used: f.used };
    }
  }
  const p = phi.length;
  const q = theta.length;
  const r = Math.max(p, q + 1);
  const col = stationaryStateCovarianceFirstColumn(phi, theta, r);
  if (!col) return null;
  // With `predicted`, P_t is carried along (P_{t+1} = P_t + M W W'): O(r^2) more per step.
  let P: Float64Array | null = null;
  if (predicted) {
    P = stationaryStateCovariance(phi, theta, r);
    if (!P) return null;
  }
  const phiIdx = nonZero(phi);
  const a = new Float64Array(r);
  const aNew = new Float64Array(r);
  const K = new Float64Array(r);
  const W = new Float64Array(r);
  const u = new Float64Array(r);
  // K_1 = T P_1 e_1 with P_1 the stationary covariance.
  for (let i = 0; i < r; i++) K[i] = (i + 1 < r ? col[i + 1]! : 0);
  for (const i of phiIdx) K[i] = K[i]! + phi[i]! * col[0]!;
  let F = col[0]!;
  for (let i = 0; i < r; i++) W[i] = K[i]!;
  let M = -1 / F;
  let steady = false;
  let ssq = 0;
  let sumLog = 0;
  const n = w.length;
  for (let t = 0; t < n; t++) {
    const v = w[t]! - a[0]!;
    if (!(F > 0)) return null;
    ssq += (v * v) / F;
    sumLog += Math.log(F);
    if (innovations) innovations[t] = v / Math.sqrt(F);
    // a_{t+1} = T a_t + K_t v_t / F_t
    const g = v / F;
    for (let i = 0; i < r - 1; i++) aNew[i] = a[i + 1]! + K[i]! * g;
    aNew[r - 1] = K[r - 1]! * g;
    for (const i of phiIdx) aNew[i] = aNew[i]! + phi[i]! * a[0]!;
    a.set(aNew);
    if (steady) continue;
    if (P) {
      for (let i = 0; i < r; i++) {
        const mw = M * W[i]!;
        if (mw === 0) continue;
        for (let j = 0; j < r; j++) P[i * r + j] = P[i * r + j]! + mw * W[j]!;
      }
    }
    // Chandrasekhar step: u = T W, F' = F + M z^2, K' = K + M z u, M' = M F'/F, W' = u - K' z / F'.
    const z = W[0]!;
    for (let i = 0; i < r - 1; i++) u[i] = W[i + 1]!;
    u[r - 1] = 0;
    for (const i of phiIdx) u[i] = u[i]! + phi[i]! * z;
    const Fn = F + M * z * z;
    const mz = M * z;
    for (let i = 0; i < r; i++) K[i] = K[i]! + mz * u[i]!;
    M = (M * Fn) / F;
    const zf = z / Fn;
    let size = 0;
    for (let i = 0; i < r; i++) {
      const wi = u[i]! - K[i]! * zf;
      W[i] = wi;
      size = Math.max(size, Math.abs(wi));
    }
    F = Fn;
    // Once the Riccati increment vanishes the gain is constant: skip the updates.
    if (size * size * Math.abs(M) < 1e-15 * F) steady = true;
  }
  if (predicted && P) {
    predicted.state = a;
    predicted.covariance = P;
  }
  return { ssq, sumLog, used: n };
}

/** Filter output: likelihood terms and the predicted state after the last observation. */
export interface FilterResult extends LikelihoodTerms {
  /** State dimension (ARMA part r plus differencing part). */
  dimension: number;
  /** ARMA part dimension r. */
  armaDimension: number;
  /** Filtered state a_{n|n}, length `dimension`. */
  state: Float64Array;
  /** Filtered covariance P_{n|n}, row-major. */
  covariance: Float64Array;
  /** Standardised innovations per time step (NaN where missing), when requested. */
  residuals: Float64Array | null;
}

/**
 * Runs the Kalman filter of ARIMA(phi, theta) with differencing polynomial `delta`
 * (`y_t = sum delta_i y_{t-i} + w_t`) over `y`, NaN entries skipped (prediction only).
 * The differencing states start diffuse (variance 1e6), as in R, and innovations whose
 * variance is still above 1e4 are left out of the likelihood. Null when non-stationary.
 */
export function filterArima(
  y: ArrayLike<number>,
  phi: readonly number[],
  theta: readonly number[],
  delta: readonly number[],
  wantResiduals: boolean,
): FilterResult | null {
  const s = structure(phi, theta, delta);
  const { r, rd } = s;
  const Q0 = stationaryStateCovariance(phi, theta, r);
  if (!Q0) return null;
  const kappa = 1e6;
  let a = new Float64Array(rd);
  let aNew = new Float64Array(rd);
  let P = new Float64Array(rd * rd);
  let Pnew = new Float64Array(rd * rd);
  const mm = new Float64Array(rd * rd);
  const M = new Float64Array(rd);
  for (let i = 0; i < r; i++) for (let j = 0; j < r; j++) Pnew[i * rd + j] = Q0[i * r + j]!;
  for (let i = r; i < rd; i++) Pnew[i * rd + i] = kappa;
  const residuals = wantResiduals ? new Float64Array(y.length).fill(NaN) : null;
  let ssq = 0;
  let sumLog = 0;
  let used = 0;
  for (let t = 0; t < y.length; t++) {
    predictState(s, a, aNew);
    if (t > 0) predictCovariance(s, P, mm, Pnew);
    const yt = y[t]!;
    if (!Number.isNaN(yt)) {
      let resid = yt - aNew[0]!;
      for (const k of s.deltaIdx) resid -= delta[k]! * aNew[r + k]!;
      for (let i = 0; i < rd; i++) {
        let tmp = Pnew[i * rd]!;
        for (const k of s.deltaIdx) tmp += delta[k]! * Pnew[i * rd + r + k]!;
        M[i] = tmp;
      }
      let gain = M[0]!;
      for (const k of s.deltaIdx) gain += delta[k]! * M[r + k]!;
      if (!(gain > 0)) return null;
      if (gain < 1e4) {
        used++;
        ssq += (resid * resid) / gain;
        sumLog += Math.log(gain);
      }
      if (residuals) residuals[t] = resid / Math.sqrt(gain);
      for (let i = 0; i < rd; i++) a[i] = aNew[i]! + (M[i]! * resid) / gain;
      for (let i = 0; i < rd; i++) {
        const mi = M[i]! / gain;
        for (let j = 0; j < rd; j++) P[i * rd + j] = Pnew[i * rd + j]! - mi * M[j]!;
      }
    } else {
      const ta = a;
      a = aNew;
      aNew = ta;
      const tp = P;
      P = Pnew;
      Pnew = tp;
    }
  }
  return { ssq, sumLog, used, dimension: rd, armaDimension: r, state: a, covariance: P, residuals };
}
