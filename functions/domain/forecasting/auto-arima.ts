/**
 * Automatic SARIMA order selection in the manner of Hyndman & Khandakar (2008) and
 * forecast's `auto.arima`: d by KPSS tests, D by seasonal strength, then a stepwise
 * search over (p, q, P, Q, constant) minimising AICc, with CSS approximations for long
 * series and a final exact-ML refit.
 */
import { SarimaFitError, fitSarima, type SarimaFit, type SarimaSpec } from './sarima';
import { isConstant, ndiffs, nsdiffs } from './unit-root';
import { difference } from './polynomial';

/** Search limits and switches; defaults are auto.arima's. */
export interface AutoArimaOptions {
  maxP?: number;
  maxQ?: number;
  maxSP?: number;
  maxSQ?: number;
  maxD?: number;
  maxSD?: number;
  /** Fix d instead of testing. */
  d?: number;
  /** Fix D instead of testing. */
  D?: number;
  /** Use CSS during the search. @default n > 150 or period > 12, as R */
  approximation?: boolean;
  /**
   * Start each candidate's CSS fit from the current best model's coefficients (zeros for
   * new lags) instead of from zero, as R does. Faster; may reach a different local
   * optimum in rare cases. @default false
   */
  warmStart?: boolean;
  /**
   * Convergence tolerance of the fits of the search and of the final refit (relative
   * decrease of the sum of squares). Ranking models by AICc and forecasting need less
   * precision than R's optimiser asks for.
   * @default 1e-8
   */
  searchTolerance?: number;
  /** Maximum number of models the stepwise search may fit. @default 94 */
  maxModels?: number;
  /**
   * With approximation, how many candidates to refit by exact ML before settling. R refits
   * down the whole list until one passes the root checks (slow when seasonal MA roots sit
   * on the unit circle); past this limit the best finite refit is kept even if a root is
   * within 1 % of the unit circle. @default Infinity (R's behaviour)
   */
  maxRefits?: number;
}

/** The selected model and how it was found. */
export interface AutoArimaResult {
  fit: SarimaFit;
  /** Seasonal strength measured when choosing D (0 when non-seasonal). */
  seasonalStrength: number;
  /** Number of candidate models fitted. */
  modelsFitted: number;
}

interface Candidate {
  spec: SarimaSpec;
  ic: number;
  fit: SarimaFit | null;
}

/** Information criterion of a fit as auto.arima scores it (Inf for models it rejects). */
function score(fit: SarimaFit, offset: number, approximation: boolean): number {
  let aicc = fit.aicc;
  if (approximation) {
    // R scores CSS fits with a likelihood approximated from sigma2 plus an offset.
    const k = fit.coefficientCount + 1;
    const aic = offset + fit.nstar * Math.log(fit.sigma2) + 2 * k;
    aicc = aic + (2 * k * (k + 1)) / (fit.nstar - k - 1);
  }
  if (!Number.isFinite(aicc) || fit.minRoot < 1.01) return Infinity;
  return aicc;
}

/** The coefficients of `from` laid out for `spec`: shared lags kept, new lags zero. */
function warmStartFrom(from: SarimaFit, spec: SarimaSpec): number[] {
  const pad = (v: readonly number[], k: number): number[] => Array.from({ length: k }, (_, i) => v[i] ?? 0);
  return [...pad(from.ar, spec.p), ...pad(from.ma, spec.q), ...pad(from.sar, spec.P), ...pad(from.sma, spec.Q), ...(spec.constant ? [from.constant] : [])];
}

/** Chooses and fits a SARIMA model for `y` (NaN = missing) with seasonal period `period` (1 = none). */
export function autoArima(y: readonly number[], period: number, options: AutoArimaOptions = {}): AutoArimaResult {
  const m = period > 1 ? period : 1;
  const observed = y.filter((v) => !Number.isNaN(v));
  const n = observed.length;
  let maxP = options.maxP ?? 5;
  let maxQ = options.maxQ ?? 5;
  let maxSP = options.maxSP ?? 2;
  let maxSQ = options.maxSQ ?? 2;
  const maxModels = options.maxModels ?? 94;
  let D = 0;
  let strength = 0;
  if (m === 1) {
    maxSP = 0;
    maxSQ = 0;
  } else if (options.D !== undefined) {
    D = options.D;
  } else if (y.length > 2 * m) {
    const s = nsdiffs(y, m);
    D = Math.min(s.D, options.maxSD ?? 1);
    strength = s.strength;
  }
  const dx = D > 0 ? difference(y, 0, D, m) : y.slice();
  const d = options.d ?? ndiffs(dx, options.maxD ?? 2);
  const approximation = options.approximation ?? (y.length > 150 || m > 12);
  const fullyDifferenced = difference(dx, d, 0, 1);
  if (isConstant(fullyDifferenced)) {
    // A deterministic series after differencing: a pure difference model with drift/mean.
    const spec: SarimaSpec = { p: 0, d, q: 0, P: 0, D, Q: 0, period: m, constant: d + D <= 1 };
    return { fit: fitSarima(y, spec, 'CSS-ML'), seasonalStrength: strength, modelsFitted: 1 };
  }
  if (m > 1) {
    if (maxSP > 0) maxP = Math.min(maxP, m - 1);
    if (maxSQ > 0) maxQ = Math.min(maxQ, m - 1);
  }
  let offset = 0;
  if (approximation) {
    try {
      const base = fitSarima(y, { p: 0, d, q: 0, P: 0, D, Q: 0, period: m, constant: d + D === 0 }, 'CSS-ML');
      offset = -2 * base.loglik - n * Math.log(base.sigma2);
    } catch {
      offset = 0;
    }
  }
  const allowConstant = d + D <= 1;
  const results: Candidate[] = [];
  const key = (s: SarimaSpec): string => `${s.p},${s.q},${s.P},${s.Q},${s.constant}`;
  const seen = new Set<string>();
  const fitOne = (p: number, q: number, P: number, Q: number, constant: boolean, method: 'CSS' | 'CSS-ML', from?: SarimaFit | null): Candidate => {
    const spec: SarimaSpec = { p, d, q, P, D, Q, period: m, constant };
    try {
      const tolerance = options.searchTolerance ?? 1e-8;
      const fit = fitSarima(y, spec, method, { tolerance, ...(from && from.spec.constant === constant ? { start: warmStartFrom(from, spec) } : {}) });
      return { spec, ic: score(fit, offset, method === 'CSS'), fit };
    } catch (error) {
      if (!(error instanceof SarimaFitError)) throw error;
      return { spec, ic: Infinity, fit: null };
    }
  };
  const method = approximation ? 'CSS' : 'CSS-ML';
  // The best model so far, the warm start of the next candidates.
  let incumbent: SarimaFit | null = null;
  const tryModel = (p: number, q: number, P: number, Q: number, constant: boolean): Candidate | null => {
    const spec = { p, d, q, P, D, Q, period: m, constant };
    if (seen.has(key(spec)) || results.length >= maxModels) return null;
    seen.add(key(spec));
    const c = fitOne(p, q, P, Q, constant, method, options.warmStart ? incumbent : null);
    results.push(c);
    return c;
  };

  const small = y.length < 10;
  let p = Math.min(small ? 1 : 2, maxP);
  let q = Math.min(small ? 1 : 2, maxQ);
  let P = Math.min(small ? 0 : 1, maxSP);
  let Q = Math.min(small ? 0 : 1, maxSQ);
  let constant = allowConstant;
  let best = tryModel(p, q, P, Q, constant)!;
  incumbent = best.fit;
  const consider = (c: Candidate | null, update: () => void): boolean => {
    if (c && c.ic < best.ic) {
      best = c;
      incumbent = c.fit;
      update();
      return true;
    }
    return false;
  };
  consider(tryModel(0, 0, 0, 0, constant), () => (p = q = P = Q = 0));
  if (maxP > 0 || maxSP > 0) {
    const np = maxP > 0 ? 1 : 0;
    const nP = m > 1 && maxSP > 0 ? 1 : 0;
    consider(tryModel(np, 0, nP, 0, constant), () => {
      p = np;
      P = nP;
      q = Q = 0;
    });
  }
  if (maxQ > 0 || maxSQ > 0) {
    const nq = maxQ > 0 ? 1 : 0;
    const nQ = m > 1 && maxSQ > 0 ? 1 : 0;
    consider(tryModel(0, nq, 0, nQ, constant), () => {
      p = P = 0;
      q = nq;
      Q = nQ;
    });
  }
  if (constant) consider(tryModel(0, 0, 0, 0, false), () => (p = q = P = Q = 0));

  // The stepwise neighbourhood, in auto.arima's order; any improvement restarts the scan.
  const moves: Array<[number, number, number, number]> = [
    [0, 0, -1, 0], [0, 0, 0, -1], [0, 0, 1, 0], [0, 0, 0, 1],
    [0, 0, -1, -1], [0, 0, -1, 1], [0, 0, 1, -1], [0, 0, 1, 1],
    [-1, 0, 0, 0], [0, -1, 0, 0], [1, 0, 0, 0], [0, 1, 0, 0],
    [-1, -1, 0, 0], [-1, 1, 0, 0], [1, -1, 0, 0], [1, 1, 0, 0],
  ];
  let improved = true;
  while (improved && results.length < maxModels) {
    improved = false;
    for (const [dp, dq, dP, dQ] of moves) {
      const np = p + dp;
      const nq = q + dq;
      const nP = P + dP;
      const nQ = Q + dQ;
      if (np < 0 || nq < 0 || nP < 0 || nQ < 0 || np > maxP || nq > maxQ || nP > maxSP || nQ > maxSQ) continue;
      if (consider(tryModel(np, nq, nP, nQ, constant), () => ([p, q, P, Q] = [np, nq, nP, nQ]))) {
        improved = true;
        break;
      }
    }
    if (!improved && allowConstant) {
      const flip = !constant;
      if (consider(tryModel(p, q, P, Q, flip), () => (constant = flip))) improved = true;
    }
  }

  if (approximation) {
    // Refit the candidates by exact ML in order of their approximate score; keep the first acceptable.
    const ordered = results.filter((c) => Number.isFinite(c.ic)).sort((a, b) => a.ic - b.ic);
    const maxRefits = options.maxRefits ?? Infinity;
    let fallback: SarimaFit | null = null;
    for (const [i, c] of ordered.entries()) {
      const refit = fitOne(c.spec.p, c.spec.q, c.spec.P, c.spec.Q, c.spec.constant, 'CSS-ML');
      if (Number.isFinite(refit.ic) && refit.fit) return { fit: refit.fit, seasonalStrength: strength, modelsFitted: results.length + i + 1 };
      if (!fallback && refit.fit && Number.isFinite(refit.fit.aicc)) fallback = refit.fit;
      if (i + 1 >= maxRefits && fallback) return { fit: fallback, seasonalStrength: strength, modelsFitted: results.length + i + 1 };
    }
  }
  if (!best.fit || !Number.isFinite(best.ic)) {
    // Fall back to the simplest model rather than failing: it always fits.
    const fallback = fitOne(0, 0, 0, 0, allowConstant, 'CSS-ML');
    if (!fallback.fit) throw new SarimaFitError('no suitable ARIMA model found');
    return { fit: fallback.fit, seasonalStrength: strength, modelsFitted: results.length + 1 };
  }
  return { fit: best.fit, seasonalStrength: strength, modelsFitted: results.length };
}
