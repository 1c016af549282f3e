/**
 * The Theta method (Assimakopoulos & Nikolopoulos 2000) as R's `forecast::thetaf`: when a
 * 90 % test on the autocorrelation at the seasonal lag finds seasonality, the series is
 * seasonally adjusted by classical multiplicative decomposition; simple exponential
 * smoothing (alpha and initial level by least squares) forecasts the adjusted series, the
 * drift is half the slope of its linear trend (Hyndman & Billah 2003: SES with drift),
 * and the seasonal indices are put back. Intervals are SES's on the adjusted scale.
 */
import { gaussianSteps, type PredictiveStep } from './predictive';

/** qnorm(0.95): thetaf's one-sided 90 % seasonality test. */
const Z90_ONE_SIDED = 1.6448536269514722;

/** Autocorrelations r_1..r_maxLag (R's `acf`, biased denominator). */
export function autocorrelations(x: readonly number[], maxLag: number): number[] {
  const n = x.length;
  const mean = x.reduce((a, v) => a + v, 0) / n;
  const d = x.map((v) => v - mean);
  const c0 = d.reduce((a, v) => a + v * v, 0);
  const out: number[] = [];
  for (let k = 1; k <= maxLag; k++) {
    let s = 0;
    for (let t = 0; t + k < n; t++) s += d[t]! * d[t + k]!;
    out.push(c0 > 0 ? s / c0 : 0);
  }
  return out;
}

/** thetaf's seasonality test: |r_m| beyond 1.645 standard errors (Bartlett's formula). */
export function isSeasonal(x: readonly number[], period: number): boolean {
  const n = x.length;
  if (period <= 1 || n <= 2 * period || x.every((v) => v === x[0])) return false;
  const r = autocorrelations(x, period);
  const stat = Math.sqrt((1 + 2 * r.slice(0, period - 1).reduce((a, v) => a + v * v, 0)) / n);
  return Math.abs(r[period - 1]!) / stat > Z90_ONE_SIDED;
}

/**
 * Seasonal indices of classical multiplicative decomposition (R's `decompose`): the ratio
 * of the series to its centred moving average, averaged by position in the cycle and
 * normalised to mean 1. Index k belongs to positions t with t mod period = k.
 */
export function multiplicativeIndices(x: readonly number[], period: number): number[] {
  const n = x.length;
  const m = period;
  const half = Math.floor(m / 2);
  const sums = new Array<number>(m).fill(0);
  const counts = new Array<number>(m).fill(0);
  for (let t = half; t < n - half; t++) {
    let trend = 0;
    if (m % 2 === 0) {
      for (let j = -half; j <= half; j++) trend += (Math.abs(j) === half ? 0.5 : 1) * x[t + j]!;
    } else for (let j = -half; j <= half; j++) trend += x[t + j]!;
    trend /= m;
    sums[t % m] = sums[t % m]! + x[t]! / trend;
    counts[t % m] = counts[t % m]! + 1;
  }
  const figure = sums.map((s, k) => s / counts[k]!);
  const avg = figure.reduce((a, v) => a + v, 0) / m;
  return figure.map((v) => v / avg);
}

/** Simple exponential smoothing fitted by least squares: alpha in [1e-4, 0.9999], initial level exact. */
export interface SesFit {
  alpha: number;
  /** Level after the last observation (the flat forecast). */
  level: number;
  /** One-step residual variance, SSE / (n - 2) as R's `ets` counts alpha and the initial level. */
  sigma2: number;
}

/** SSE of SES with its optimal initial level (the one-step forecasts are linear in it). */
function sesAt(x: readonly number[], alpha: number): { sse: number; level: number } {
  // Forecast at t is a_t + c_t l0 with c_t = (1 - alpha)^t; SSE is quadratic in l0.
  let a = 0;
  let c = 1;
  let sxx = 0;
  let sxy = 0;
  for (const v of x) {
    sxx += c * c;
    sxy += c * (v - a);
    a = alpha * v + (1 - alpha) * a;
    c *= 1 - alpha;
  }
  const l0 = sxy / sxx;
  let level = l0;
  let sse = 0;
  for (const v of x) {
    sse += (v - level) ** 2;
    level += alpha * (v - level);
  }
  return { sse, level };
}

/** Fits SES by least squares: a grid over alpha, then golden-section refinement. */
export function fitSes(x: readonly number[]): SesFit {
  const lo = 1e-4;
  const hi = 0.9999;
  const f = (alpha: number): number => sesAt(x, alpha).sse;
  let best = lo;
  let bestValue = f(lo);
  for (let k = 1; k <= 20; k++) {
    const alpha = lo + ((hi - lo) * k) / 20;
    const v = f(alpha);
    if (v < bestValue) [best, bestValue] = [alpha, v];
  }
  let a = Math.max(lo, best - (hi - lo) / 20);
  let b = Math.min(hi, best + (hi - lo) / 20);
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(c);
  let fd = f(d);
  while (b - a > 1e-7) {
    if (fc < fd) {
      [b, d, fd] = [d, c, fc];
      c = b - g * (b - a);
      fc = f(c);
    } else {
      [a, c, fc] = [c, d, fd];
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  const alpha = fc < bestValue || fd < bestValue ? (a + b) / 2 : best;
  const fit = sesAt(x, alpha);
  return { alpha, level: fit.level, sigma2: fit.sse / Math.max(1, x.length - 2) };
}

/** A fitted Theta model. */
export interface ThetaFit {
  period: number;
  seasonal: boolean;
  /** Multiplicative seasonal indices for the forecast steps, starting at the first (empty when not seasonal). */
  indices: number[];
  ses: SesFit;
  /** Half the slope of the adjusted series' linear trend. */
  drift: number;
  n: number;
}

/** Fits thetaf's model to a series without missing values. */
export function fitTheta(y: readonly number[], period: number): ThetaFit {
  const n = y.length;
  let seasonal = isSeasonal(y, period);
  let indices: number[] = [];
  let x = y.slice();
  if (seasonal) {
    const figure = multiplicativeIndices(y, period);
    if (figure.some((v) => !(Math.abs(v) >= 1e-4) || !Number.isFinite(v))) seasonal = false;
    else {
      x = y.map((v, t) => v / figure[t % period]!);
      indices = Array.from({ length: period }, (_, k) => figure[(n + k) % period]!);
    }
  }
  const ses = fitSes(x);
  const tMean = (n - 1) / 2;
  const xMean = x.reduce((a, v) => a + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  x.forEach((v, t) => {
    sxy += (t - tMean) * (v - xMean);
    sxx += (t - tMean) ** 2;
  });
  return { period, seasonal, indices, ses, drift: sxx > 0 ? sxy / sxx / 2 : 0, n };
}

/** Forecasts of a Theta fit with thetaf's intervals (SES's, on the adjusted scale). */
export function forecastTheta(fit: ThetaFit, horizon: number): PredictiveStep[] {
  const { alpha, level, sigma2 } = fit.ses;
  const a = Math.max(1e-10, alpha);
  const offset = (1 - (1 - a) ** fit.n) / a;
  const means: number[] = [];
  const ses: number[] = [];
  for (let h = 0; h < horizon; h++) {
    const mean = level + fit.drift * (h + offset);
    means.push(fit.seasonal ? mean * fit.indices[h % fit.period]! : mean);
    ses.push(Math.sqrt(sigma2) * Math.sqrt(h * a * a + 1));
  }
  return gaussianSteps(means, ses);
}
