/**
 * SARIMA(p,d,q)(P,D,Q)m estimation by conditional sum of squares and by exact Gaussian
 * maximum likelihood, following R's `stats::arima` step for step (CSS start, PACF
 * transformation of the AR parts, BFGS, MA root inversion) so that estimates, AICc and
 * forecasts agree with R's to the tolerance the parity tests check.
 *
 * Differencing is applied outside the ARMA likelihood (the exact likelihood of the
 * differenced series equals R's diffuse in-model likelihood) unless the series has gaps,
 * where R's in-model filter is used so that a gap costs one observation. Forecasts are in
 * `sarima-forecast.ts`, the CSS objective in `css.ts`.
 */
import { armaLikelihood, filterArima } from './kalman';
import { minimizeLeastSquares } from './least-squares';
import { minimizeBfgs } from './optimizer';
import { cssObjective, cssPlan } from './css';
import {
  differencingCoefficients,
  expandSeasonal,
  inverseTransformToStationary,
  invertMa,
  isStationary,
  minRootModulus,
} from './polynomial';

export { SarimaFitError, differencedSeries, regression, type SarimaOrder, type SarimaSpec } from './sarima-parameters';
import { SarimaFitError, differencedSeries, layout, regression, split, type Layout, type SarimaSpec } from './sarima-parameters';

/** Estimation method, as in R: CSS, exact ML, or ML started from CSS. */
export type SarimaMethod = 'CSS' | 'ML' | 'CSS-ML';

/**
 * How the objective is minimised: `bfgs` reproduces R's optimiser path; `lm`
 * (Levenberg–Marquardt on the residual vector) reaches the same optimum with several
 * times fewer likelihood evaluations, and is the default.
 */
export type SarimaOptimizer = 'lm' | 'bfgs';

/** A fitted SARIMA model. */
export interface SarimaFit {
  spec: SarimaSpec;
  method: SarimaMethod;
  ar: number[];
  ma: number[];
  sar: number[];
  sma: number[];
  /** Mean (d+D=0) or drift per period (d+D=1) in the units of the series; 0 without constant. */
  constant: number;
  /** Innovation variance estimate (ML: ssq/n; CSS: conditional). */
  sigma2: number;
  /** Log-likelihood (NaN for CSS). */
  loglik: number;
  aic: number;
  aicc: number;
  bic: number;
  /** Number of estimated coefficients (excluding sigma2). */
  coefficientCount: number;
  /** Number of innovations the objective used (ML: n - d - D*m less missing values; CSS: also less the conditioning ones). */
  used: number;
  /** Observed values less the d + D*m consumed by differencing (forecast's n*). */
  nstar: number;
  /** Sum of squared standardised innovations at the estimate. */
  ssq: number;
  /** Smallest modulus of the AR and MA roots (R's auto.arima rejects below 1.01). */
  minRoot: number;
  converged: boolean;
}

/** What the likelihood is computed on: the differenced series, or the original one when differencing would spread gaps. */
interface Data {
  y: readonly number[];
  w: readonly number[];
  gaps: boolean;
  delta: number[];
}

/**
 * Exact likelihood terms at `par`. Without gaps, the exact likelihood of the differenced
 * series (fast recursions); with gaps, R's in-model filter on the original series, so a
 * missing value costs one observation and not up to four differences.
 */
function likelihoodTerms(l: Layout, data: Data, par: readonly number[], transform: boolean) {
  const parts = split(l, par, transform);
  const { phi, theta } = expandSeasonal(parts.ar, parts.ma, parts.sar, parts.sma, l.spec.period);
  const constant = l.spec.constant ? par[l.nArma]! : 0;
  if (data.gaps) {
    const x = l.spec.constant ? data.y.map((v, t) => v - regression(l.spec, constant, t)) : data.y;
    return filterArima(x, phi, theta, data.delta, false);
  }
  const mu = constant * l.driftFactor;
  return armaLikelihood(mu === 0 ? data.w : data.w.map((v) => v - mu), phi, theta);
}

/**
 * The exact likelihood as a sum of squares: standardised innovations scaled by the
 * geometric mean of their standard deviations, so `||r||^2 = ssq * exp(sumLog / n)`,
 * whose log is twice the concentrated objective (plus a constant). Only without gaps:
 * with them, the diffuse in-model filter's scaled innovations make a poor least-squares
 * problem, and BFGS on the objective is used, as R does.
 */
function mlResiduals(l: Layout, data: Data, par: readonly number[], out: Float64Array, centred: Float64Array): boolean {
  const parts = split(l, par, true);
  const { phi, theta } = expandSeasonal(parts.ar, parts.ma, parts.sar, parts.sma, l.spec.period);
  const mu = l.spec.constant ? par[l.nArma]! * l.driftFactor : 0;
  for (let t = 0; t < centred.length; t++) centred[t] = data.w[t]! - mu;
  const res = armaLikelihood(centred, phi, theta, out);
  if (!res || res.used === 0) return false;
  const scale = Math.exp(res.sumLog / (2 * res.used));
  for (let i = 0; i < out.length; i++) out[i] = out[i]! * scale;
  return true;
}

/** Exact concentrated ML objective, as R's `armafn`. */
function mlObjective(l: Layout, data: Data, par: readonly number[], transform: boolean): number {
  const res = likelihoodTerms(l, data, par, transform);
  if (!res || res.used === 0) return Infinity;
  const s2 = res.ssq / res.used;
  return 0.5 * (Math.log(s2) + res.sumLog / res.used);
}

function meanAndSe(w: readonly number[]): { mean: number; se: number } {
  const v = w.filter((x) => !Number.isNaN(x));
  const n = v.length;
  const mean = v.reduce((s, x) => s + x, 0) / Math.max(n, 1);
  const sd = n > 1 ? Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, se: n > 0 ? sd / Math.sqrt(n) : 0 };
}

/** Options of {@link fitSarima}. */
export interface FitOptions {
  /**
   * Starting coefficients in R's order (ar, ma, sar, sma, constant) for the first stage:
   * a warm start from a neighbouring model, or, with method `ML`, a previous estimate.
   * @default zeros, and the mean of the differenced series for the constant (as R)
   */
  start?: readonly number[];
  /** @default 'lm' */
  optimizer?: SarimaOptimizer;
  /** Iteration cap of the Levenberg–Marquardt stages (a warm-started refit needs few). @default 40 */
  maxIterations?: number;
  /** Relative decrease of the sum of squares below which Levenberg–Marquardt stops. @default 1e-8 */
  tolerance?: number;
}

/**
 * Fits a SARIMA model to `y` (NaN = missing). Throws {@link SarimaFitError} when the
 * model cannot be estimated; an estimate is always finite when returned.
 */
export function fitSarima(y: readonly number[], spec: SarimaSpec, method: SarimaMethod = 'CSS-ML', options: FitOptions = {}): SarimaFit {
  const { start, optimizer = 'lm', maxIterations = 40, tolerance = 1e-8 } = options;
  const l = layout(spec);
  const w = differencedSeries(y, spec);
  const gaps = w.some((v) => Number.isNaN(v));
  const data: Data = { y, w, gaps, delta: differencingCoefficients(spec.d, spec.D, spec.period) };
  // R's n.used: observed values less the d + D*m consumed by differencing.
  const used = y.filter((v) => !Number.isNaN(v)).length - data.delta.length;
  const nCoef = l.nArma + (spec.constant ? 1 : 0);
  if (used <= nCoef + 1) throw new SarimaFitError('not enough observations for this order');
  let init = new Array<number>(nCoef).fill(0);
  const scale = new Array<number>(nCoef).fill(1);
  if (spec.constant) {
    const { mean, se } = meanAndSe(w);
    init[l.nArma] = mean / l.driftFactor;
    // R scales the regression coefficient by 10 standard errors for the optimiser.
    scale[l.nArma] = se > 0 ? (10 * se) / l.driftFactor : 1;
  }
  if (start && start.length === nCoef) init = start.slice();
  let converged = true;
  if (method === 'CSS' || method === 'CSS-ML') {
    {
      const buffer = new Float64Array(w.length);
      const plan = cssPlan(l, w.length);
      const res =
        optimizer === 'bfgs'
          ? minimizeBfgs((par) => cssObjective(l, w, par, buffer, plan).value, init, { scale })
          : minimizeLeastSquares((par, out) => Number.isFinite(cssObjective(l, w, par, out, plan).value), w.length, init, { maxIterations, relativeTolerance: tolerance });
      if (Number.isFinite(res.value)) init = res.x;
      converged = res.converged;
    }
    if (method === 'CSS') {
      const css = cssObjective(l, w, init, new Float64Array(w.length), cssPlan(l, w.length));
      return finish(l, data, init, method, converged, css.ssq / css.used, used, css.used);
    }
    const parts = split(l, init, false);
    if (!isStationary(parts.ar)) throw new SarimaFitError('non-stationary AR part from CSS');
    if (!isStationary(parts.sar)) throw new SarimaFitError('non-stationary seasonal AR part from CSS');
  }
  // ML on the transformed scale (AR parts through the PACF map, MA parts made invertible).
  const parts = split(l, init, false);
  if (!isStationary(parts.ar) || !isStationary(parts.sar)) throw new SarimaFitError('non-stationary AR start');
  const tinit = [
    ...inverseTransformToStationary(parts.ar),
    ...invertMa(parts.ma),
    ...inverseTransformToStationary(parts.sar),
    ...invertMa(parts.sma),
    ...(spec.constant ? [init[l.nArma]!] : []),
  ];
  const centred = new Float64Array(w.length);
  const res =
    optimizer === 'bfgs' || gaps
      ? minimizeBfgs((par) => mlObjective(l, data, par, true), tinit, { scale })
      : minimizeLeastSquares((par, out) => mlResiduals(l, data, par, out, centred), w.length, tinit, { maxIterations, relativeTolerance: tolerance });
  if (!Number.isFinite(res.value)) throw new SarimaFitError('likelihood not finite');
  const est = split(l, res.x, true);
  const coef = [...est.ar, ...invertMa(est.ma), ...est.sar, ...invertMa(est.sma), ...(spec.constant ? [res.x[l.nArma]!] : [])];
  return finish(l, data, coef, method, res.converged && converged, NaN, used, used);
}

function finish(
  l: Layout,
  data: Data,
  coef: number[],
  method: SarimaMethod,
  converged: boolean,
  cssSigma2: number,
  nstar: number,
  used: number,
): SarimaFit {
  const spec = l.spec;
  const parts = split(l, coef, false);
  const constant = spec.constant ? coef[l.nArma]! : 0;
  const nCoef = coef.length;
  let sigma2: number;
  let loglik = NaN;
  let aic = NaN;
  let ssq: number;
  if (method === 'CSS') {
    sigma2 = cssSigma2;
    ssq = cssSigma2 * used;
  } else {
    const res = likelihoodTerms(l, data, coef, false);
    if (!res) throw new SarimaFitError('non-stationary estimate');
    sigma2 = res.ssq / res.used;
    ssq = res.ssq;
    const value = 0.5 * (Math.log(sigma2) + res.sumLog / res.used);
    loglik = -0.5 * (2 * res.used * value + res.used + res.used * Math.log(2 * Math.PI));
    aic = -2 * loglik + 2 * (nCoef + 1);
  }
  const k = nCoef + 1;
  const aicc = aic + (2 * k * (k + 1)) / (nstar - k - 1);
  const bic = aic + k * (Math.log(nstar) - 2);
  // The roots of a product of polynomials are those of its factors, and the roots of
  // Phi(B^m) have modulus |root of Phi|^(1/m): same answer as R's check on the expanded
  // polynomial, with small, well-conditioned root problems.
  const seasonalRoot = (v: number): number => (Number.isFinite(v) ? v ** (1 / spec.period) : v);
  const minRoot = Math.min(
    minRootModulus(parts.ar.map((v) => -v)),
    seasonalRoot(minRootModulus(parts.sar.map((v) => -v))),
    minRootModulus(parts.ma),
    seasonalRoot(minRootModulus(parts.sma)),
  );
  return {
    spec,
    method,
    ar: parts.ar,
    ma: parts.ma,
    sar: parts.sar,
    sma: parts.sma,
    constant,
    sigma2,
    loglik,
    aic,
    aicc,
    bic,
    coefficientCount: nCoef,
    used,
    nstar,
    ssq,
    minRoot,
    converged,
  };
}

/** The estimated coefficients in R's order (ar, ma, sar, sma, constant), e.g. to warm-start a refit. */
export function coefficientsOf(fit: SarimaFit): number[] {
  return [...fit.ar, ...fit.ma, ...fit.sar, ...fit.sma, ...(fit.spec.constant ? [fit.constant] : [])];
}

