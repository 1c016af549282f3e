/**
 * Conditional sum of squares (R's `armaCSS`): residuals of the ARMA recursion on the
 * differenced series, conditioning on the first p + P*m values. Used to start ML and,
 * for long series, to rank candidate models quickly.
 */
import { expandSeasonal } from './polynomial';
import type { Layout } from './sarima-parameters';

/** Scratch space and the structural non-zero lags of the expanded polynomials, built once per fit. */
export interface CssPlan {
  phi: Float64Array;
  theta: Float64Array;
  phiIdx: Int32Array;
  thetaIdx: Int32Array;
  centred: Float64Array;
}

/** Buffers and sparsity pattern for CSS evaluations of one model on `n` values. */
export function cssPlan(l: Layout, n: number): CssPlan {
  const { p, q, P, Q, period } = l.spec;
  // Generic coefficient values reveal the sparsity pattern of the seasonal products.
  const probe = (k: number): number[] => Array.from({ length: k }, (_, i) => 0.3137 + 0.1 * i);
  const { phi, theta } = expandSeasonal(probe(p), probe(q), probe(P), probe(Q), period);
  const idx = (v: number[]): Int32Array => Int32Array.from(v.flatMap((x, i) => (x !== 0 ? [i] : [])));
  return {
    phi: new Float64Array(phi.length),
    theta: new Float64Array(theta.length),
    phiIdx: idx(phi),
    thetaIdx: idx(theta),
    centred: new Float64Array(n),
  };
}

/** Writes the expanded AR and MA lag polynomials for raw (untransformed) coefficients. */
function fillPolynomials(l: Layout, par: readonly number[], phi: Float64Array, theta: Float64Array): void {
  const { p, q, P, Q, period } = l.spec;
  phi.fill(0);
  theta.fill(0);
  for (let i = 0; i < p; i++) phi[i] = par[i]!;
  for (let i = 0; i < q; i++) theta[i] = par[p + i]!;
  for (let j = 0; j < P; j++) {
    const s = par[p + q + j]!;
    phi[(j + 1) * period - 1] = phi[(j + 1) * period - 1]! + s;
    for (let i = 0; i < p; i++) phi[(j + 1) * period + i] = phi[(j + 1) * period + i]! - par[i]! * s;
  }
  for (let j = 0; j < Q; j++) {
    const s = par[p + q + P + j]!;
    theta[(j + 1) * period - 1] = theta[(j + 1) * period - 1]! + s;
    for (let i = 0; i < q; i++) theta[(j + 1) * period + i] = theta[(j + 1) * period + i]! + par[p + i]! * s;
  }
}

/**
 * CSS objective: 0.5 log(mean squared conditional residual), as R's `armaCSS`. `e`
 * receives the conditional residuals (zero before the conditioning point and at gaps).
 */
export function cssObjective(l: Layout, w: readonly number[], par: readonly number[], e: Float64Array, plan: CssPlan): { value: number; ssq: number; used: number } {
  const { phi, theta, phiIdx, thetaIdx, centred } = plan;
  fillPolynomials(l, par, phi, theta);
  const mu = l.spec.constant ? par[l.nArma]! * l.driftFactor : 0;
  const n = w.length;
  const ncond = phi.length;
  for (let t = 0; t < n; t++) centred[t] = w[t]! - mu;
  e.fill(0);
  let ssq = 0;
  let used = 0;
  for (let t = ncond; t < n; t++) {
    let v = centred[t]!;
    for (let k = 0; k < phiIdx.length; k++) {
      const i = phiIdx[k]!;
      v -= phi[i]! * centred[t - i - 1]!;
    }
    // Residuals before the conditioning point are zero by definition; lags are ascending.
    for (let k = 0; k < thetaIdx.length; k++) {
      const j = thetaIdx[k]!;
      if (t - j - 1 < ncond) break;
      v -= theta[j]! * e[t - j - 1]!;
    }
    if (Number.isNaN(v)) continue;
    e[t] = v;
    ssq += v * v;
    used++;
  }
  if (used === 0) return { value: Infinity, ssq: NaN, used };
  return { value: 0.5 * Math.log(ssq / used), ssq, used };
}
