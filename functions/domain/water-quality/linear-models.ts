/**
 * Small linear models, written here rather than taken from a library: the model needs a
 * regularised logistic regression and a ridge regression on ten columns, which are fifty
 * lines of Newton's method; the libraries that offer them (ml-logistic-regression,
 * ml-regression) fit by plain gradient descent without a penalty, or bring a matrix
 * library to a Lambda whose cold start we count. A model linear in log-odds also makes
 * the explanation exact and instant: a column's Shapley value is `w · (column(x) -
 * column(reference))`, shared in two when the column joins two inputs. Pure.
 *
 * Columns are standardised on the training rows (mean 0, sd 1) before fitting, so one
 * penalty `lambda` fits every column; the weights are then returned on the raw scale.
 */

export interface LinearModel {
  readonly intercept: number;
  /** One weight per column, on the raw scale. */
  readonly weights: readonly number[];
  /** Each column's mean on the training rows: the explanation's baseline point. */
  readonly means: readonly number[];
}

const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);
export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
export const logit = (p: number): number => Math.log(p / (1 - p));

/** `intercept + Σ w_i x_i`. */
export const linear = (m: LinearModel, x: readonly number[]): number => m.intercept + dot(m.weights, x);

/** Solves `A x = b` for a symmetric positive definite `A` (Cholesky). */
function solveSpd(a: number[][], b: number[]): number[] {
  const n = b.length;
  const l = a.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = i === j ? Math.sqrt(Math.max(s, 1e-12)) : s / l[j]![j]!;
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i]![k]! * y[k]!;
    y[i] = s / l[i]![i]!;
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k]![i]! * x[k]!;
    x[i] = s / l[i]![i]!;
  }
  return x;
}

function standardise(rows: readonly (readonly number[])[]) {
  const p = rows[0]!.length;
  const means = new Array<number>(p).fill(0);
  const sds = new Array<number>(p).fill(0);
  for (const r of rows) for (let j = 0; j < p; j++) means[j]! += r[j]! / rows.length;
  for (const r of rows) for (let j = 0; j < p; j++) sds[j]! += (r[j]! - means[j]!) ** 2 / rows.length;
  for (let j = 0; j < p; j++) sds[j] = Math.sqrt(sds[j]!) || 1;
  const z = rows.map((r) => r.map((v, j) => (v - means[j]!) / sds[j]!));
  return { means, sds, z };
}

function rawScale(beta: readonly number[], means: readonly number[], sds: readonly number[]): LinearModel {
  const weights = beta.slice(1).map((b, j) => b / sds[j]!);
  return { intercept: beta[0]! - dot(weights, means), weights, means };
}

/** Negative log-likelihood plus the penalty, on standardised columns. */
function penalisedLoss(beta: readonly number[], z: readonly (readonly number[])[], ys: readonly boolean[], lambda: number): number {
  let loss = 0;
  for (let r = 0; r < z.length; r++) {
    const eta = beta[0]! + dot(beta.slice(1), z[r]!);
    // log(1 + e^eta) - y·eta, computed without overflow.
    loss += Math.max(eta, 0) + Math.log1p(Math.exp(-Math.abs(eta))) - (ys[r] ? eta : 0);
  }
  return loss + (lambda / 2) * beta.slice(1).reduce((s, b) => s + b * b, 0);
}

/**
 * Fits `P(y=1|x) = sigmoid(b + w·x)` by Newton's method (IRLS) on the penalised
 * log-likelihood, `lambda/2 · |w|²` on the standardised weights (the intercept is free).
 */
export function fitLogistic(rows: readonly (readonly number[])[], ys: readonly boolean[], lambda = 1, iterations = 25): LinearModel {
  const { means, sds, z } = standardise(rows);
  const p = z[0]!.length + 1;
  let beta = new Array<number>(p).fill(0);
  const positives = ys.filter(Boolean).length;
  beta[0] = logit(Math.min(Math.max(positives / ys.length, 1e-3), 1 - 1e-3));
  for (let it = 0; it < iterations; it++) {
    const h = Array.from({ length: p }, (_, i) => new Array<number>(p).fill(0).map((_, j) => (i === j && i > 0 ? lambda : 0)));
    const g = beta.map((b, i) => (i > 0 ? lambda * b : 0));
    for (let r = 0; r < z.length; r++) {
      const x = [1, ...z[r]!];
      const mu = sigmoid(dot(beta, x));
      const w = Math.max(mu * (1 - mu), 1e-9);
      const e = mu - (ys[r] ? 1 : 0);
      for (let i = 0; i < p; i++) {
        g[i]! += e * x[i]!;
        for (let j = 0; j <= i; j++) h[i]![j]! += w * x[i]! * x[j]!;
      }
    }
    for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) h[j]![i] = h[i]![j]!;
    const delta = solveSpd(h, g);
    // Damped Newton: halve the step until the penalised loss does not rise (near-separable data would overshoot).
    const before = penalisedLoss(beta, z, ys, lambda);
    let step = 1;
    let next = beta.map((b, i) => b - delta[i]!);
    while (step > 1e-4 && !(penalisedLoss(next, z, ys, lambda) <= before)) {
      step /= 2;
      next = beta.map((b, i) => b - step * delta[i]!);
    }
    beta = next;
    if (Math.max(...delta.map(Math.abs)) * step < 1e-8) break;
  }
  return rawScale(beta, means, sds);
}

/** Fits `y = b + w·x` by ridge regression (`lambda` on the standardised weights). */
export function fitRidge(rows: readonly (readonly number[])[], ys: readonly number[], lambda = 1): LinearModel {
  const { means, sds, z } = standardise(rows);
  const p = z[0]!.length + 1;
  const a = Array.from({ length: p }, (_, i) => new Array<number>(p).fill(0).map((_, j) => (i === j && i > 0 ? lambda : 0)));
  const b = new Array<number>(p).fill(0);
  for (let r = 0; r < z.length; r++) {
    const x = [1, ...z[r]!];
    for (let i = 0; i < p; i++) {
      b[i]! += x[i]! * ys[r]!;
      for (let j = 0; j < p; j++) a[i]![j]! += x[i]! * x[j]!;
    }
  }
  return rawScale(solveSpd(a, b), means, sds);
}
