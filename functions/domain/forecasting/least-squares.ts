/**
 * Levenberg–Marquardt for objectives written as sums of squares, the default optimiser
 * of the SARIMA fits (CSS residuals, and the exact likelihood as scaled innovations).
 */
import type { MinimizeResult } from './optimizer';

/**
 * Levenberg–Marquardt minimisation of `||r(x)||^2` with a forward-difference Jacobian.
 * For objectives that are sums of squares (CSS, and the exact likelihood written as
 * scaled innovations) it converges in a handful of iterations where BFGS needs dozens.
 * `residuals` writes into `out` and returns false when `x` is not admissible.
 */
export function minimizeLeastSquares(
  residuals: (x: readonly number[], out: Float64Array) => boolean,
  size: number,
  start: readonly number[],
  options: { maxIterations?: number; relativeTolerance?: number } = {},
): MinimizeResult {
  const k = start.length;
  const maxit = options.maxIterations ?? 40;
  const tol = options.relativeTolerance ?? 1e-8;
  let evaluations = 0;
  const r = new Float64Array(size);
  const rTrial = new Float64Array(size);
  const rStep = new Float64Array(size);
  const J = new Float64Array(size * k);
  const sumSq = (v: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < size; i++) s += v[i]! * v[i]!;
    return s;
  };
  const evaluate = (x: readonly number[], out: Float64Array): number => {
    evaluations++;
    if (!residuals(x, out)) return Infinity;
    const s = sumSq(out);
    return Number.isFinite(s) ? s : Infinity;
  };
  let x = start.slice();
  let f = evaluate(x, r);
  if (!Number.isFinite(f) || k === 0) return { x, value: f, evaluations, converged: Number.isFinite(f) };
  let lambda = 1e-3;
  let converged = false;
  const A = new Float64Array(k * k);
  const g = new Float64Array(k);
  const xs = new Array<number>(k).fill(0);
  for (let iter = 0; iter < maxit; iter++) {
    // Jacobian by forward differences (an inadmissible step is retried backwards), stored
    // column by column so the products below run over contiguous memory.
    for (let j = 0; j < k; j++) {
      const h = 1e-6 * Math.max(Math.abs(x[j]!), 0.1);
      for (let m = 0; m < k; m++) xs[m] = x[m]!;
      xs[j] = x[j]! + h;
      let sign = 1;
      const col = j * size;
      if (!Number.isFinite(evaluate(xs, rStep))) {
        xs[j] = x[j]! - h;
        sign = -1;
        if (!Number.isFinite(evaluate(xs, rStep))) {
          J.fill(0, col, col + size);
          continue;
        }
      }
      const inv = sign / h;
      for (let i = 0; i < size; i++) J[col + i] = (rStep[i]! - r[i]!) * inv;
    }
    for (let a = 0; a < k; a++) {
      const ca = a * size;
      let s = 0;
      for (let i = 0; i < size; i++) s += J[ca + i]! * r[i]!;
      g[a] = s;
      for (let b = 0; b <= a; b++) {
        const cb = b * size;
        let t = 0;
        for (let i = 0; i < size; i++) t += J[ca + i]! * J[cb + i]!;
        A[a * k + b] = t;
        A[b * k + a] = t;
      }
    }
    let improved = false;
    for (let attempt = 0; attempt < 12; attempt++) {
      const step = solveDamped(A, g, k, lambda);
      if (!step) {
        lambda *= 10;
        continue;
      }
      const trial = x.map((v, j) => v - step[j]!);
      const ft = evaluate(trial, rTrial);
      if (ft < f) {
        const rel = (f - ft) / Math.max(f, 1e-300);
        // A step that no longer moves the parameters is convergence too (flat valleys, boundaries).
        const moved = step.reduce((m, v, j) => Math.max(m, Math.abs(v) / Math.max(Math.abs(x[j]!), 1)), 0);
        if (moved < 1e-7) converged = true;
        x = trial;
        f = ft;
        r.set(rTrial);
        lambda = Math.max(lambda / 10, 1e-12);
        improved = true;
        if (rel < tol) converged = true;
        break;
      }
      lambda *= 10;
    }
    if (!improved) {
      converged = true;
      break;
    }
    if (converged) break;
  }
  return { x, value: f, evaluations, converged };
}

/** Solves (A + lambda diag(A)) s = g by Cholesky; null when not positive definite. */
function solveDamped(A: Float64Array, g: Float64Array, k: number, lambda: number): number[] | null {
  const L = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * k + j]!;
      if (i === j) s += lambda * Math.max(A[i * k + i]!, 1e-12);
      for (let m = 0; m < j; m++) s -= L[i * k + m]! * L[j * k + m]!;
      if (i === j) {
        if (!(s > 0)) return null;
        L[i * k + i] = Math.sqrt(s);
      } else L[i * k + j] = s / L[j * k + j]!;
    }
  }
  const y = new Array<number>(k).fill(0);
  for (let i = 0; i < k; i++) {
    let s = g[i]!;
    for (let m = 0; m < i; m++) s -= L[i * k + m]! * y[m]!;
    y[i] = s / L[i * k + i]!;
  }
  const x = new Array<number>(k).fill(0);
  for (let i = k - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let m = i + 1; m < k; m++) s -= L[m * k + i]! * x[m]!;
    x[i] = s / L[i * k + i]!;
  }
  return x;
}
