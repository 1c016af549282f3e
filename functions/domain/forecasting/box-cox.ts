/**
 * The Box–Cox transformation, its parameter chosen by Guerrero's method (as R's
 * `forecast::BoxCox.lambda(x, "guerrero")`), and the back-transform of a Gaussian forecast
 * on the transformed scale: quantiles map through the inverse, the mean is bias-adjusted
 * (Hyndman & Athanasopoulos, FPP 3rd ed., 5.6) so that it is a mean, not a median.
 */
import { Z80, Z95, type PredictiveStep } from './predictive';

/** Box–Cox of one value: log for lambda 0, `(sign(x)|x|^lambda - 1) / lambda` otherwise. */
export function boxCox(x: number, lambda: number): number {
  if (lambda === 0) return Math.log(x);
  return (Math.sign(x) * Math.abs(x) ** lambda - 1) / lambda;
}

/** Inverse Box–Cox of one value (NaN outside the image of a negative lambda). */
export function invBoxCox(z: number, lambda: number): number {
  if (lambda === 0) return Math.exp(z);
  const t = z * lambda + 1;
  if (lambda < 0 && t <= 0) return NaN;
  return Math.sign(t) * Math.abs(t) ** (1 / lambda);
}

/** Guerrero's criterion: coefficient of variation of `sd / mean^(1 - lambda)` over subseries of one period. */
function guerreroCv(x: readonly number[], lambda: number, period: number): number {
  const years = Math.floor(x.length / period);
  const offset = x.length - years * period;
  const ratios: number[] = [];
  for (let k = 0; k < years; k++) {
    const block = x.slice(offset + k * period, offset + (k + 1) * period).filter((v) => !Number.isNaN(v));
    if (block.length < 2) continue;
    const mean = block.reduce((a, v) => a + v, 0) / block.length;
    const sd = Math.sqrt(block.reduce((a, v) => a + (v - mean) ** 2, 0) / (block.length - 1));
    ratios.push(sd / mean ** (1 - lambda));
  }
  if (ratios.length < 2) return NaN;
  const m = ratios.reduce((a, v) => a + v, 0) / ratios.length;
  const s = Math.sqrt(ratios.reduce((a, v) => a + (v - m) ** 2, 0) / (ratios.length - 1));
  return s / m;
}

/** Brent's minimisation on [a, b] (R's `optimize`, same default tolerance). */
function brentMinimize(f: (x: number) => number, a: number, b: number, tol = 1.220703e-4): number {
  const c = (3 - Math.sqrt(5)) / 2;
  const eps = Math.sqrt(2.220446e-16);
  let v = a + c * (b - a);
  let w = v;
  let x = v;
  let d = 0;
  let e = 0;
  let fx = f(x);
  let fv = fx;
  let fw = fx;
  const tol3 = tol / 3;
  for (;;) {
    const xm = (a + b) / 2;
    const tol1 = eps * Math.abs(x) + tol3;
    const t2 = 2 * tol1;
    if (Math.abs(x - xm) <= t2 - (b - a) / 2) return x;
    let p = 0;
    let q = 0;
    let r = 0;
    if (Math.abs(e) > tol1) {
      r = (x - w) * (fx - fv);
      q = (x - v) * (fx - fw);
      p = (x - v) * q - (x - w) * r;
      q = (q - r) * 2;
      if (q > 0) p = -p;
      else q = -q;
      r = e;
      e = d;
    }
    if (Math.abs(p) >= Math.abs(q * 0.5 * r) || p <= q * (a - x) || p >= q * (b - x)) {
      e = x < xm ? b - x : a - x;
      d = c * e;
    } else {
      d = p / q;
      const u = x + d;
      if (u - a < t2 || b - u < t2) d = x < xm ? tol1 : -tol1;
    }
    const u = Math.abs(d) >= tol1 ? x + d : d > 0 ? x + tol1 : x - tol1;
    const fu = f(u);
    if (fu <= fx) {
      if (u < x) b = x;
      else a = x;
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
}

/**
 * Guerrero's lambda in [lower, upper] (R's defaults -1 and 2; lower raised to 0 for data
 * with non-positive values); 1 (no transformation) for series of two periods or less.
 */
export function guerreroLambda(x: readonly number[], period: number, lower = -1, upper = 2): number {
  const m = Math.round(Math.max(2, period));
  if (x.length <= 2 * Math.max(1, period)) return 1;
  if (x.some((v) => v <= 0)) lower = Math.max(lower, 0);
  const f = (lambda: number): number => {
    const v = guerreroCv(x, lambda, m);
    return Number.isFinite(v) ? v : Infinity;
  };
  return brentMinimize(f, lower, upper);
}

/**
 * Predictive steps from a Gaussian with `mean` and `se` on the Box–Cox scale: quantiles
 * back-transformed, the mean bias-adjusted (R's `InvBoxCox(..., biasadj = TRUE)`).
 */
export function boxCoxSteps(mean: readonly number[], se: readonly number[], lambda: number): PredictiveStep[] {
  const inv = (z: number): number => invBoxCox(z, lambda);
  return mean.map((m, h) => {
    const s = se[h]!;
    const median = inv(m);
    const adjusted = median * (1 + (0.5 * s * s * (1 - lambda)) / median ** (2 * lambda));
    return {
      mean: adjusted,
      p10: inv(m - Z80 * s),
      p50: median,
      p90: inv(m + Z80 * s),
      lower80: inv(m - Z80 * s),
      upper80: inv(m + Z80 * s),
      lower95: inv(m - Z95 * s),
      upper95: inv(m + Z95 * s),
    };
  });
}
