/**
 * Exponential smoothing (ETS) with additive errors: trend none / additive / damped,
 * season none / additive, fitted by maximum likelihood (Nelder–Mead over the smoothing
 * parameters; initial states from the first seasons, as R's heuristic start), optionally
 * on the Box–Cox scale of Guerrero's lambda for positive series (lambda near 0 gives
 * multiplicative behaviour). The form is chosen by AICc, made comparable across scales
 * with the Jacobian of the transformation.
 *
 * Error-correction form (Hyndman et al. 2008): with e_t the one-step error,
 * `l_t = l_{t-1} + phi b_{t-1} + alpha e_t`, `b_t = phi b_{t-1} + beta e_t`, `s_t = s_{t-m} + gamma e_t`.
 */
import { boxCox, guerreroLambda } from './box-cox';
import { minimizeNelderMead } from './optimizer';

/** An ETS form. */
export interface EtsSpec {
  trend: 'N' | 'A' | 'Ad';
  season: 'N' | 'A';
  /** Box–Cox parameter of the scale the model is fitted on; null for the data's own scale. */
  lambda: number | null;
  period: number;
}

/** A fitted ETS model. */
export interface EtsFit {
  spec: EtsSpec;
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
  sigma2: number;
  /** Information criteria of the fit, on the data's scale (the Box-Cox Jacobian included), as R's `ets` reports them. */
  aic: number;
  aicc: number;
  bic: number;
  /** Final level, trend and seasonal states (seasonal oldest first). */
  level: number;
  slope: number;
  seasonal: number[];
}

/** Human-readable name in R's notation, e.g. "ETS(A,Ad,A) on Box-Cox(0.12)". */
export function etsName(spec: EtsSpec): string {
  const scale = spec.lambda === null ? '' : spec.lambda === 0 ? ' on log' : ` on Box-Cox(${spec.lambda.toFixed(2)})`;
  return `ETS(A,${spec.trend},${spec.season})${scale}`;
}

interface Params {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

/** Maps unconstrained reals to admissible smoothing parameters (the usual ETS bounds). */
function toParams(spec: EtsSpec, x: readonly number[]): Params {
  const sig = (v: number): number => 1 / (1 + Math.exp(-v));
  let i = 0;
  const alpha = 0.0001 + 0.9998 * sig(x[i++]!);
  const beta = spec.trend === 'N' ? 0 : 0.0001 + (alpha - 0.0002) * sig(x[i++]!);
  const gamma = spec.season === 'N' ? 0 : 0.0001 + (1 - alpha - 0.0002) * sig(x[i++]!);
  const phi = spec.trend === 'Ad' ? 0.8 + 0.18 * sig(x[i++]!) : 1;
  return { alpha, beta, gamma, phi };
}

/** Heuristic initial states from the first seasons (as R's `ets` does before optimising them). */
function initialStates(y: readonly number[], spec: EtsSpec): number[] {
  const m = spec.season === 'A' ? spec.period : 1;
  const obs = y.map((v, i) => [i, v] as const).filter(([, v]) => !Number.isNaN(v));
  const seasonal = new Array<number>(m).fill(0);
  let deseason = obs.map(([i, v]) => [i, v] as [number, number]);
  if (m > 1) {
    const span = Math.min(y.length, 3 * m);
    const mean = obs.filter(([i]) => i < span).reduce((s, [, v], _, a) => s + v / a.length, 0);
    const sums = new Array<number>(m).fill(0);
    const counts = new Array<number>(m).fill(0);
    for (const [i, v] of obs) {
      if (i >= span) break;
      sums[i % m] = sums[i % m]! + v - mean;
      counts[i % m] = counts[i % m]! + 1;
    }
    for (let k = 0; k < m; k++) seasonal[k] = counts[k]! > 0 ? sums[k]! / counts[k]! : 0;
    const avg = seasonal.reduce((s, v) => s + v, 0) / m;
    for (let k = 0; k < m; k++) seasonal[k] = seasonal[k]! - avg;
    deseason = obs.map(([i, v]) => [i, v - seasonal[i % m]!]);
  }
  const head = deseason.slice(0, Math.max(2, Math.min(10, deseason.length)));
  const mx = head.reduce((s, [i]) => s + i, 0) / head.length;
  const my = head.reduce((s, [, v]) => s + v, 0) / head.length;
  let sxy = 0;
  let sxx = 0;
  for (const [i, v] of head) {
    sxy += (i - mx) * (v - my);
    sxx += (i - mx) ** 2;
  }
  const slope = spec.trend === 'N' || sxx === 0 ? 0 : sxy / sxx;
  // States at time 0 refer to the period before the first observation.
  const level = my - slope * (mx + 1);
  return [level, slope, ...seasonal];
}

interface RunResult {
  sse: number;
  count: number;
  level: number;
  slope: number;
  seasonal: number[];
}

/** Runs the recursions; missing observations propagate the states without correction. */
function run(y: readonly number[], spec: EtsSpec, p: Params, init: readonly number[]): RunResult {
  const m = spec.season === 'A' ? spec.period : 1;
  let level = init[0]!;
  let slope = spec.trend === 'N' ? 0 : init[1]!;
  const seasonal = spec.season === 'A' ? init.slice(2, 2 + m) : [0];
  let sse = 0;
  let count = 0;
  for (let t = 0; t < y.length; t++) {
    const k = spec.season === 'A' ? t % m : 0;
    const s = seasonal[k]!;
    const fc = level + p.phi * slope + s;
    const v = y[t]!;
    const e = Number.isNaN(v) ? 0 : v - fc;
    if (!Number.isNaN(v)) {
      sse += e * e;
      count++;
    }
    level = level + p.phi * slope + p.alpha * e;
    slope = p.phi * slope + p.beta * e;
    if (spec.season === 'A') seasonal[k] = s + p.gamma * e;
  }
  // Rotate so seasonal[0] is the state for the first forecast period.
  const start = spec.season === 'A' ? y.length % m : 0;
  const rotated = spec.season === 'A' ? [...seasonal.slice(start), ...seasonal.slice(0, start)] : [];
  return { sse, count, level, slope, seasonal: rotated };
}

/** Inverse of {@link toParams}: the unconstrained point of given smoothing parameters. */
function fromParams(spec: EtsSpec, p: Params): number[] {
  const logit = (u: number): number => Math.log(Math.min(Math.max(u, 1e-6), 1 - 1e-6) / (1 - Math.min(Math.max(u, 1e-6), 1 - 1e-6)));
  const out = [logit((p.alpha - 0.0001) / 0.9998)];
  if (spec.trend !== 'N') out.push(logit((p.beta - 0.0001) / (p.alpha - 0.0002)));
  if (spec.season === 'A') out.push(logit((p.gamma - 0.0001) / (1 - p.alpha - 0.0002)));
  if (spec.trend === 'Ad') out.push(logit((p.phi - 0.8) / 0.18));
  return out;
}

/**
 * Fits one ETS form; null when the data cannot support it. With `near`, the search starts
 * from that fit's smoothing parameters with a small simplex (backtest refits).
 */
export function fitEts(series: readonly number[], spec: EtsSpec, near?: EtsFit): EtsFit | null {
  const lambda = spec.lambda;
  if (lambda !== null && series.some((v) => v <= 0)) return null;
  const y = lambda !== null ? series.map((v) => (Number.isNaN(v) ? NaN : boxCox(v, lambda))) : series.slice();
  if (y.some((v) => !Number.isNaN(v) && !Number.isFinite(v))) return null;
  const observed = y.filter((v) => !Number.isNaN(v)).length;
  const m = spec.season === 'A' ? spec.period : 1;
  const nParams = 1 + (spec.trend === 'N' ? 0 : 1) + (spec.season === 'A' ? 1 : 0) + (spec.trend === 'Ad' ? 1 : 0);
  const nStates = 1 + (spec.trend === 'N' ? 0 : 1) + (spec.season === 'A' ? m - 1 : 0);
  const k = nParams + nStates + 1;
  if (observed <= k + 1 || (spec.season === 'A' && y.length < 2 * m)) return null;
  const init = initialStates(y, spec);
  const start = near
    ? fromParams(spec, near)
    : [-1.5, ...(spec.trend === 'N' ? [] : [-2]), ...(spec.season === 'A' ? [-2] : []), ...(spec.trend === 'Ad' ? [1] : [])];
  const objective = (x: readonly number[]): number => {
    const r = run(y, spec, toParams(spec, x), init);
    return r.count > 0 ? Math.log(r.sse / r.count) : Infinity;
  };
  const best = minimizeNelderMead(objective, start, near ? { maxEvaluations: 40 * start.length, tolerance: 1e-6, step: 0.3 } : { maxEvaluations: 100 * start.length, tolerance: 1e-6, step: 1 });
  const params = toParams(spec, best.x);
  const r = run(y, spec, params, init);
  if (!(r.sse > 0) || !Number.isFinite(r.sse)) return null;
  const sigma2 = r.sse / r.count;
  const n = r.count;
  let loglik = -0.5 * n * (Math.log(2 * Math.PI * sigma2) + 1);
  // Jacobian of the transformation, so fits on both scales are compared on the data's scale.
  if (lambda !== null) for (const v of series) if (!Number.isNaN(v)) loglik += (lambda - 1) * Math.log(v);
  const aic = -2 * loglik + 2 * k;
  const aicc = aic + (2 * k * (k + 1)) / Math.max(n - k - 1, 1);
  const bic = aic + k * (Math.log(n) - 2);
  return { spec, ...params, sigma2: r.sse / Math.max(n - nParams - nStates, 1), aic, aicc, bic, level: r.level, slope: r.slope, seasonal: r.seasonal };
}

/** Forecast means and standard errors on the model scale (the Box–Cox scale when it has a lambda). */
export function forecastEts(fit: EtsFit, horizon: number): { mean: number[]; se: number[] } {
  const { spec, alpha, beta, gamma, phi } = fit;
  const m = spec.season === 'A' ? spec.period : 1;
  const mean: number[] = [];
  const se: number[] = [];
  let phiSum = 0;
  let varSum = 0;
  let cPhi = 0;
  for (let h = 1; h <= horizon; h++) {
    phiSum += phi ** h;
    const s = spec.season === 'A' ? fit.seasonal[(h - 1) % m]! : 0;
    mean.push(fit.level + phiSum * fit.slope + s);
    // Var = sigma2 (1 + sum_{j<h} c_j^2), c_j = alpha + beta phi_j + gamma [j mod m = 0].
    se.push(Math.sqrt(fit.sigma2 * (1 + varSum)));
    cPhi += phi ** h;
    const c = alpha + beta * cPhi + (spec.season === 'A' && h % m === 0 ? gamma : 0);
    varSum += c * c;
  }
  return { mean, se };
}

/**
 * Guerrero's lambda for a positive series, kept in [0, 1] (from no transformation to the
 * log): stronger transformations make back-transformed intervals explode at long horizons.
 */
export function etsLambda(series: readonly number[], period: number): number | null {
  const observed = series.filter((v) => !Number.isNaN(v));
  if (observed.some((v) => v <= 0)) return null;
  return guerreroLambda(observed, period, 0, 1);
}

/** Fits the admissible ETS forms, on the data's scale and on Guerrero's Box–Cox scale, and returns the one with the smallest AICc. */
export function autoEts(series: readonly number[], period: number): EtsFit | null {
  const lambda = etsLambda(series, period);
  let best: EtsFit | null = null;
  for (const scale of lambda === null || lambda > 0.99 ? [null] : [null, lambda]) {
    for (const trend of ['N', 'A', 'Ad'] as const) {
      for (const season of period > 1 ? (['N', 'A'] as const) : (['N'] as const)) {
        const fit = fitEts(series, { trend, season, lambda: scale, period });
        if (fit && Number.isFinite(fit.aicc) && (!best || fit.aicc < best.aicc)) best = fit;
      }
    }
  }
  return best;
}
