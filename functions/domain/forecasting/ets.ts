/**
 * Exponential smoothing (ETS) as R's `ets` has it (without multiplicative trends, which R
 * leaves out by default too): additive errors with season none / additive, multiplicative
 * errors with season none / multiplicative, trend none / additive / damped, fitted by
 * maximum likelihood (Nelder–Mead over the smoothing parameters; initial states from the
 * first seasons, as R's heuristic start), optionally on the Box–Cox scale of Guerrero's
 * lambda for positive series (lambda near 0 gives multiplicative behaviour). The form is
 * chosen by AICc, made comparable across scales with the Jacobian of the transformation.
 *
 * Error-correction form (Hyndman et al. 2008): with e_t the one-step error,
 * `l_t = l_{t-1} + phi b_{t-1} + alpha e_t`, `b_t = phi b_{t-1} + beta e_t`, `s_t = s_{t-m} + gamma e_t`.
 * With multiplicative errors (e_t relative to the one-step forecast mu_t) the same updates
 * apply to the absolute error mu_t e_t, the seasonal ones relative to the seasonal index
 * (Hyndman et al. 2008, table 2.3): `l_t = (l + phi b)(1 + alpha e)`, `b_t = phi b + beta (l + phi b) e`,
 * `s_t = s_{t-m} (1 + gamma e)`; the likelihood gains `-sum log |mu_t|`, and forecast
 * intervals come from simulated sample paths (seeded, so an answer is reproducible).
 */
import { boxCox, boxCoxSteps, guerreroLambda } from './box-cox';
import { minimizeNelderMead } from './optimizer';
import { gaussianSteps, type PredictiveStep } from './predictive';
import { gaussian, seededRandom } from '#domain/leaks/robust';

/** An ETS form. */
export interface EtsSpec {
  /** Additive or multiplicative (relative) errors. @default 'A' */
  error?: 'A' | 'M';
  trend: 'N' | 'A' | 'Ad';
  /** Multiplicative seasons go with multiplicative errors only (R's `ets` restricts the same way). */
  season: 'N' | 'A' | 'M';
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
  return `ETS(${spec.error ?? 'A'},${spec.trend},${spec.season})${scale}`;
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
  const m = spec.season !== 'N' ? spec.period : 1;
  const ratio = spec.season === 'M';
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
      sums[i % m] = sums[i % m]! + (ratio ? v / mean : v - mean);
      counts[i % m] = counts[i % m]! + 1;
    }
    for (let k = 0; k < m; k++) seasonal[k] = counts[k]! > 0 ? sums[k]! / counts[k]! : ratio ? 1 : 0;
    const avg = seasonal.reduce((s, v) => s + v, 0) / m;
    for (let k = 0; k < m; k++) seasonal[k] = ratio ? seasonal[k]! / avg : seasonal[k]! - avg;
    deseason = obs.map(([i, v]) => [i, ratio ? v / seasonal[i % m]! : v - seasonal[i % m]!]);
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
  /** Sum of log |mu_t| over observed points (multiplicative errors' likelihood term); 0 for additive errors. */
  logScale: number;
  level: number;
  slope: number;
  seasonal: number[];
}

/** Runs the recursions; missing observations propagate the states without correction. */
function run(y: readonly number[], spec: EtsSpec, p: Params, init: readonly number[]): RunResult {
  const seasonalForm = spec.season !== 'N';
  const m = seasonalForm ? spec.period : 1;
  const relative = spec.error === 'M';
  let level = init[0]!;
  let slope = spec.trend === 'N' ? 0 : init[1]!;
  const seasonal = seasonalForm ? init.slice(2, 2 + m) : [0];
  let sse = 0;
  let count = 0;
  let logScale = 0;
  for (let t = 0; t < y.length; t++) {
    const k = seasonalForm ? t % m : 0;
    const s = seasonal[k]!;
    const base = level + p.phi * slope;
    const fc = spec.season === 'M' ? base * s : base + s;
    const v = y[t]!;
    if (relative && !(fc > 0)) return { sse: Infinity, count: 0, logScale: 0, level, slope, seasonal: [] };
    const e = Number.isNaN(v) ? 0 : relative ? (v - fc) / fc : v - fc;
    if (!Number.isNaN(v)) {
      sse += e * e;
      count++;
      if (relative) logScale += Math.log(fc);
    }
    // The absolute error and, for multiplicative seasons, the error on the deseasonalised scale.
    const shock = relative ? (spec.season === 'M' ? base * e : fc * e) : e;
    level = base + p.alpha * shock;
    slope = p.phi * slope + p.beta * shock;
    if (spec.season === 'A') seasonal[k] = s + p.gamma * e;
    else if (spec.season === 'M') seasonal[k] = s * (1 + p.gamma * e);
  }
  // Rotate so seasonal[0] is the state for the first forecast period.
  const start = seasonalForm ? y.length % m : 0;
  const rotated = seasonalForm ? [...seasonal.slice(start), ...seasonal.slice(0, start)] : [];
  return { sse, count, logScale, level, slope, seasonal: rotated };
}

/** Inverse of {@link toParams}: the unconstrained point of given smoothing parameters. */
function fromParams(spec: EtsSpec, p: Params): number[] {
  const logit = (u: number): number => Math.log(Math.min(Math.max(u, 1e-6), 1 - 1e-6) / (1 - Math.min(Math.max(u, 1e-6), 1 - 1e-6)));
  const out = [logit((p.alpha - 0.0001) / 0.9998)];
  if (spec.trend !== 'N') out.push(logit((p.beta - 0.0001) / (p.alpha - 0.0002)));
  if (spec.season !== 'N') out.push(logit((p.gamma - 0.0001) / (1 - p.alpha - 0.0002)));
  if (spec.trend === 'Ad') out.push(logit((p.phi - 0.8) / 0.18));
  return out;
}

/**
 * Fits one ETS form; null when the data cannot support it. With `near`, the search starts
 * from that fit's smoothing parameters with a small simplex (backtest refits).
 */
export function fitEts(series: readonly number[], spec: EtsSpec, near?: EtsFit): EtsFit | null {
  const lambda = spec.lambda;
  const relative = spec.error === 'M';
  // Multiplicative seasons need relative errors, and relative errors a positive series on its own scale.
  if ((spec.season === 'M' && !relative) || (relative && (spec.season === 'A' || lambda !== null || series.some((v) => v <= 0)))) return null;
  if (lambda !== null && series.some((v) => v <= 0)) return null;
  const y = lambda !== null ? series.map((v) => (Number.isNaN(v) ? NaN : boxCox(v, lambda))) : series.slice();
  if (y.some((v) => !Number.isNaN(v) && !Number.isFinite(v))) return null;
  const observed = y.filter((v) => !Number.isNaN(v)).length;
  const seasonalForm = spec.season !== 'N';
  const m = seasonalForm ? spec.period : 1;
  const nParams = 1 + (spec.trend === 'N' ? 0 : 1) + (seasonalForm ? 1 : 0) + (spec.trend === 'Ad' ? 1 : 0);
  const nStates = 1 + (spec.trend === 'N' ? 0 : 1) + (seasonalForm ? m - 1 : 0);
  const k = nParams + nStates + 1;
  if (observed <= k + 1 || (seasonalForm && y.length < 2 * m)) return null;
  const init = initialStates(y, spec);
  const start = near
    ? fromParams(spec, near)
    : [-1.5, ...(spec.trend === 'N' ? [] : [-2]), ...(seasonalForm ? [-2] : []), ...(spec.trend === 'Ad' ? [1] : [])];
  // -2 log-likelihood / n, up to a constant: log(sigma2), plus 2 mean log |mu_t| for relative errors.
  const objective = (x: readonly number[]): number => {
    const r = run(y, spec, toParams(spec, x), init);
    return r.count > 0 && Number.isFinite(r.sse) ? Math.log(r.sse / r.count) + (2 * r.logScale) / r.count : Infinity;
  };
  const best = minimizeNelderMead(objective, start, near ? { maxEvaluations: 40 * start.length, tolerance: 1e-6, step: 0.3 } : { maxEvaluations: 100 * start.length, tolerance: 1e-6, step: 1 });
  const params = toParams(spec, best.x);
  const r = run(y, spec, params, init);
  if (!(r.sse > 0) || !Number.isFinite(r.sse)) return null;
  const sigma2 = r.sse / r.count;
  const n = r.count;
  let loglik = -0.5 * n * (Math.log(2 * Math.PI * sigma2) + 1) - r.logScale;
  // Jacobian of the transformation, so fits on both scales are compared on the data's scale.
  if (lambda !== null) for (const v of series) if (!Number.isNaN(v)) loglik += (lambda - 1) * Math.log(v);
  const aic = -2 * loglik + 2 * k;
  const aicc = aic + (2 * k * (k + 1)) / Math.max(n - k - 1, 1);
  const bic = aic + k * (Math.log(n) - 2);
  return { spec, ...params, sigma2: r.sse / Math.max(n - nParams - nStates, 1), aic, aicc, bic, level: r.level, slope: r.slope, seasonal: r.seasonal };
}

/**
 * Forecast means and standard errors of an additive-error fit, on the model scale (the
 * Box–Cox scale when it has a lambda). For relative errors use {@link forecastEtsSteps}.
 */
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

/** Sample paths simulated for the intervals of relative-error forms (R's `ets` simulates 5000 for its class 3 models). */
export const SIMULATED_PATHS = 2000;

/**
 * Predictive steps of any fit on the data's scale: analytic Gaussian (or back-transformed
 * Box–Cox) intervals for additive errors; for relative errors the point forecasts of the
 * recursions with quantiles of {@link SIMULATED_PATHS} paths drawn from a seeded generator.
 */
export function forecastEtsSteps(fit: EtsFit, horizon: number): PredictiveStep[] {
  if (fit.spec.error !== 'M') {
    const fc = forecastEts(fit, horizon);
    return fit.spec.lambda === null ? gaussianSteps(fc.mean, fc.se) : boxCoxSteps(fc.mean, fc.se, fit.spec.lambda);
  }
  const { spec, alpha, beta, gamma, phi } = fit;
  const multiplicative = spec.season === 'M';
  const m = multiplicative ? spec.period : 1;
  const sigma = Math.sqrt(fit.sigma2);
  const point = (h: number): number => {
    let phiSum = 0;
    for (let j = 1; j <= h; j++) phiSum += phi ** j;
    return (fit.level + phiSum * fit.slope) * (multiplicative ? fit.seasonal[(h - 1) % m]! : 1);
  };
  const random = seededRandom(0x5eed);
  const paths: Float64Array[] = Array.from({ length: horizon }, () => new Float64Array(SIMULATED_PATHS));
  for (let i = 0; i < SIMULATED_PATHS; i++) {
    let level = fit.level;
    let slope = fit.slope;
    const seasonal = multiplicative ? fit.seasonal.slice() : [1];
    for (let h = 0; h < horizon; h++) {
      const k = multiplicative ? h % m : 0;
      const base = level + phi * slope;
      const mu = base * seasonal[k]!;
      const e = sigma * gaussian(random);
      paths[h]![i] = mu * (1 + e);
      level = base * (1 + alpha * e);
      slope = phi * slope + beta * base * e;
      if (multiplicative) seasonal[k] = seasonal[k]! * (1 + gamma * e);
    }
  }
  const quantile = (sorted: Float64Array, q: number): number => {
    const pos = q * (sorted.length - 1);
    const lo = Math.floor(pos);
    return sorted[lo]! + (sorted[Math.min(lo + 1, sorted.length - 1)]! - sorted[lo]!) * (pos - lo);
  };
  return paths.map((draws, h) => {
    const sorted = draws.slice().sort();
    const mean = point(h + 1);
    return {
      mean,
      p10: quantile(sorted, 0.1),
      p50: quantile(sorted, 0.5),
      p90: quantile(sorted, 0.9),
      lower80: quantile(sorted, 0.1),
      upper80: quantile(sorted, 0.9),
      lower95: quantile(sorted, 0.025),
      upper95: quantile(sorted, 0.975),
    };
  });
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

/**
 * Fits the admissible ETS forms, additive errors on the data's scale and on Guerrero's
 * Box–Cox scale and, with `relative`, multiplicative errors (and seasons) on a positive
 * series, and returns the one with the smallest AICc (all on the data's scale).
 */
export function autoEts(series: readonly number[], period: number, relative = false): EtsFit | null {
  const lambda = etsLambda(series, period);
  let best: EtsFit | null = null;
  const consider = (spec: EtsSpec): void => {
    const fit = fitEts(series, spec);
    if (fit && Number.isFinite(fit.aicc) && (!best || fit.aicc < best.aicc)) best = fit;
  };
  for (const scale of lambda === null || lambda > 0.99 ? [null] : [null, lambda]) {
    for (const trend of ['N', 'A', 'Ad'] as const) {
      for (const season of period > 1 ? (['N', 'A'] as const) : (['N'] as const)) consider({ trend, season, lambda: scale, period });
    }
  }
  if (relative && series.every((v) => Number.isNaN(v) || v > 0)) {
    for (const trend of ['N', 'A', 'Ad'] as const) {
      for (const season of period > 1 ? (['N', 'M'] as const) : (['N'] as const)) consider({ error: 'M', trend, season, lambda: null, period });
    }
  }
  return best;
}
