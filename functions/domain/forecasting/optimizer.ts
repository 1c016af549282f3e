/**
 * Derivative-free minimisers used by the model fits: a quasi-Newton BFGS with
 * central-difference gradients (a port of the algorithm behind R's `optim(method = "BFGS")`,
 * so that SARIMA estimates can follow R's path) and a Nelder–Mead simplex for ETS.
 * Levenberg–Marquardt for sums of squares lives in `least-squares.ts`.
 */

/** Options shared by the minimisers. */
export interface MinimizeOptions {
  /** Maximum iterations. @default 100 */
  maxIterations?: number;
  /** Relative tolerance on the objective. @default 1.490116e-8 (R's default, sqrt of machine epsilon) */
  relativeTolerance?: number;
  /** Per-parameter scale (R's `parscale`): the optimiser works on `x / scale`. @default all 1 */
  scale?: readonly number[];
  /** Finite-difference step on the scaled parameters (R's `ndeps`). @default 1e-3 */
  gradientStep?: number;
}

/** Result of a minimisation. */
export interface MinimizeResult {
  x: number[];
  value: number;
  evaluations: number;
  converged: boolean;
}

/**
 * Minimises `fn` by BFGS with a backtracking line search (R's `vmmin`). Non-finite
 * objective values are treated as "step too long", which keeps the search inside the
 * region where the likelihood is defined.
 */
export function minimizeBfgs(
  fn: (x: readonly number[]) => number,
  start: readonly number[],
  options: MinimizeOptions = {},
): MinimizeResult {
  const n = start.length;
  const maxit = options.maxIterations ?? 100;
  const reltol = options.relativeTolerance ?? 1.490116119384765625e-8;
  const scale = options.scale ?? new Array<number>(n).fill(1);
  const ndeps = options.gradientStep ?? 1e-3;
  let evaluations = 0;
  const f = (b: readonly number[]): number => {
    evaluations++;
    const v = fn(b.map((bi, i) => bi * scale[i]!));
    return Number.isFinite(v) ? v : Infinity;
  };
  const gradient = (b: number[], g: number[]): void => {
    for (let i = 0; i < n; i++) {
      const keep = b[i]!;
      b[i] = keep + ndeps;
      const v1 = f(b);
      b[i] = keep - ndeps;
      const v2 = f(b);
      b[i] = keep;
      const d = (v1 - v2) / (2 * ndeps);
      g[i] = Number.isFinite(d) ? d : 0;
    }
  };
  if (n === 0) return { x: [], value: fn([]), evaluations: 1, converged: true };

  const b = start.map((v, i) => v / scale[i]!);
  let fmin = f(b);
  if (!Number.isFinite(fmin)) return { x: start.slice(), value: Infinity, evaluations, converged: false };
  const g = new Array<number>(n).fill(0);
  gradient(b, g);
  const B: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const t = new Array<number>(n).fill(0);
  const X = new Array<number>(n).fill(0);
  const c = new Array<number>(n).fill(0);
  let iter = 1;
  let gradcount = 1;
  let ilast = gradcount;
  let count = 0;
  const stepredn = 0.2;
  const acctol = 1e-4;
  const reltest = 10;
  do {
    if (ilast === gradcount) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) B[i]![j] = i === j ? 1 : 0;
    for (let i = 0; i < n; i++) {
      X[i] = b[i]!;
      c[i] = g[i]!;
    }
    let gradproj = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j <= i; j++) s -= B[i]![j]! * g[j]!;
      for (let j = i + 1; j < n; j++) s -= B[j]![i]! * g[j]!;
      t[i] = s;
      gradproj += s * g[i]!;
    }
    if (gradproj < 0) {
      let steplength = 1;
      let accpoint = false;
      let value = fmin;
      do {
        count = 0;
        for (let i = 0; i < n; i++) {
          b[i] = X[i]! + steplength * t[i]!;
          if (reltest + X[i]! === reltest + b[i]!) count++;
        }
        if (count < n) {
          value = f(b);
          accpoint = Number.isFinite(value) && value <= fmin + gradproj * steplength * acctol;
          if (!accpoint) steplength *= stepredn;
        }
      } while (!(count === n || accpoint));
      const enough = value > -Infinity && Math.abs(value - fmin) > reltol * (Math.abs(fmin) + reltol);
      if (!enough) {
        count = n;
        if (Number.isFinite(value) && value < fmin) fmin = value;
        else for (let i = 0; i < n; i++) b[i] = X[i]!;
      }
      if (count < n) {
        fmin = value;
        gradient(b, g);
        gradcount++;
        iter++;
        let D1 = 0;
        for (let i = 0; i < n; i++) {
          t[i] = steplength * t[i]!;
          c[i] = g[i]! - c[i]!;
          D1 += t[i]! * c[i]!;
        }
        if (D1 > 0) {
          let D2 = 0;
          for (let i = 0; i < n; i++) {
            let s = 0;
            for (let j = 0; j <= i; j++) s += B[i]![j]! * c[j]!;
            for (let j = i + 1; j < n; j++) s += B[j]![i]! * c[j]!;
            X[i] = s;
            D2 += s * c[i]!;
          }
          D2 = 1 + D2 / D1;
          for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) B[i]![j] = B[i]![j]! + (D2 * t[i]! * t[j]! - X[i]! * t[j]! - t[i]! * X[j]!) / D1;
        } else {
          ilast = gradcount;
        }
      } else if (ilast < gradcount) {
        count = 0;
        ilast = gradcount;
      }
    } else {
      count = 0;
      if (ilast === gradcount) count = n;
      else ilast = gradcount;
    }
    if (iter >= maxit) break;
    if (gradcount - ilast > 2 * n) ilast = gradcount;
  } while (count !== n || ilast !== gradcount);
  return { x: b.map((bi, i) => bi * scale[i]!), value: fmin, evaluations, converged: iter < maxit };
}

/**
 * Nelder–Mead simplex minimisation (standard reflection/expansion/contraction/shrink).
 * Used where the objective has few parameters and kinks (bounded ETS smoothing parameters).
 */
export function minimizeNelderMead(
  fn: (x: readonly number[]) => number,
  start: readonly number[],
  options: { maxEvaluations?: number; tolerance?: number; step?: number } = {},
): MinimizeResult {
  const n = start.length;
  const maxEval = options.maxEvaluations ?? 200 * Math.max(1, n);
  const tol = options.tolerance ?? 1e-8;
  const step = options.step ?? 0.1;
  let evaluations = 0;
  const f = (x: readonly number[]): number => {
    evaluations++;
    const v = fn(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  if (n === 0) return { x: [], value: f([]), evaluations, converged: true };
  const simplex: number[][] = [start.slice()];
  for (let i = 0; i < n; i++) {
    const p = start.slice();
    p[i] = p[i]! + (p[i] !== 0 ? step * Math.abs(p[i]!) + step / 2 : step);
    simplex.push(p);
  }
  const values = simplex.map(f);
  let converged = false;
  while (evaluations < maxEval) {
    const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
    const s = order.map((i) => simplex[i]!);
    const v = order.map((i) => values[i]!);
    for (let i = 0; i <= n; i++) {
      simplex[i] = s[i]!;
      values[i] = v[i]!;
    }
    const spread = Math.abs(values[n]! - values[0]!);
    if (spread <= tol * (Math.abs(values[0]!) + tol)) {
      converged = true;
      break;
    }
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j] = centroid[j]! + simplex[i]![j]! / n;
    const worst = simplex[n]!;
    const along = (t: number): number[] => centroid.map((cj, j) => cj + t * (cj - worst[j]!));
    const reflected = along(1);
    const fr = f(reflected);
    if (fr < values[0]!) {
      const expanded = along(2);
      const fe = f(expanded);
      if (fe < fr) {
        simplex[n] = expanded;
        values[n] = fe;
      } else {
        simplex[n] = reflected;
        values[n] = fr;
      }
    } else if (fr < values[n - 1]!) {
      simplex[n] = reflected;
      values[n] = fr;
    } else {
      const contracted = fr < values[n]! ? along(0.5) : along(-0.5);
      const fc = f(contracted);
      if (fc < Math.min(fr, values[n]!)) {
        simplex[n] = contracted;
        values[n] = fc;
      } else {
        for (let i = 1; i <= n; i++) {
          simplex[i] = simplex[i]!.map((x, j) => simplex[0]![j]! + 0.5 * (x - simplex[0]![j]!));
          values[i] = f(simplex[i]!);
        }
      }
    }
  }
  let best = 0;
  for (let i = 1; i <= n; i++) if (values[i]! < values[best]!) best = i;
  return { x: simplex[best]!, value: values[best]!, evaluations, converged };
}
