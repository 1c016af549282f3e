/**
 * Lag-polynomial helpers for ARMA models: roots, stationarity/invertibility checks,
 * the PACF parameter transformation R's `arima` uses, and seasonal expansion.
 *
 * Conventions follow R: an AR polynomial is `1 - phi_1 B - ... - phi_p B^p`, an MA
 * polynomial is `1 + theta_1 B + ... + theta_q B^q`.
 */

/** A complex number as a pair; enough for polynomial roots. */
interface Complex {
  re: number;
  im: number;
}

/**
 * Roots of `c[0] + c[1] z + ... + c[k] z^k` (Aberth–Ehrlich iteration).
 * Trailing zero coefficients are dropped, so the degree is the last non-zero one.
 */
export function polyRoots(coefficients: readonly number[]): Complex[] {
  let k = coefficients.length - 1;
  while (k > 0 && Math.abs(coefficients[k]!) < 1e-300) k--;
  if (k <= 0) return [];
  const lead = coefficients[k]!;
  const a = coefficients.slice(0, k + 1).map((v) => v / lead);
  if (k === 1) return [{ re: -a[0]!, im: 0 }];
  if (k === 2) {
    const b = a[1]!;
    const c = a[0]!;
    const disc = b * b - 4 * c;
    if (disc >= 0) {
      // Stable quadratic formula: avoid cancellation in the smaller root.
      const q = -0.5 * (b + Math.sign(b || 1) * Math.sqrt(disc));
      return [
        { re: q, im: 0 },
        { re: q !== 0 ? c / q : 0, im: 0 },
      ];
    }
    const s = Math.sqrt(-disc) / 2;
    return [
      { re: -b / 2, im: s },
      { re: -b / 2, im: -s },
    ];
  }
  // Initial guesses on a circle whose radius bounds the roots (Cauchy bound).
  let radius = 0;
  for (let i = 0; i < k; i++) radius = Math.max(radius, Math.abs(a[i]!));
  radius = Math.min(1 + radius, 1e6);
  const roots: Complex[] = [];
  for (let i = 0; i < k; i++) {
    const angle = (2 * Math.PI * i) / k + 0.4;
    roots.push({ re: radius * Math.cos(angle) * 0.9, im: radius * Math.sin(angle) * 0.9 });
  }
  for (let iter = 0; iter < 500; iter++) {
    let maxStep = 0;
    for (let i = 0; i < k; i++) {
      const z = roots[i]!;
      // Horner for p(z) and p'(z).
      let pr = 1;
      let pi = 0;
      let dr = 0;
      let di = 0;
      for (let j = k - 1; j >= 0; j--) {
        const ndr = dr * z.re - di * z.im + pr;
        const ndi = dr * z.im + di * z.re + pi;
        dr = ndr;
        di = ndi;
        const npr = pr * z.re - pi * z.im + a[j]!;
        const npi = pr * z.im + pi * z.re;
        pr = npr;
        pi = npi;
      }
      // ratio = p/p'
      const den = dr * dr + di * di;
      if (den === 0) continue;
      const rr = (pr * dr + pi * di) / den;
      const ri = (pi * dr - pr * di) / den;
      // sum of 1/(z - z_j)
      let sr = 0;
      let si = 0;
      for (let j = 0; j < k; j++) {
        if (j === i) continue;
        const wr = z.re - roots[j]!.re;
        const wi = z.im - roots[j]!.im;
        const wd = wr * wr + wi * wi;
        if (wd === 0) continue;
        sr += wr / wd;
        si += -wi / wd;
      }
      // w = ratio / (1 - ratio * s)
      const tr = 1 - (rr * sr - ri * si);
      const ti = -(rr * si + ri * sr);
      const td = tr * tr + ti * ti;
      if (td === 0) continue;
      const wr = (rr * tr + ri * ti) / td;
      const wi = (ri * tr - rr * ti) / td;
      z.re -= wr;
      z.im -= wi;
      maxStep = Math.max(maxStep, Math.hypot(wr, wi) / Math.max(1, Math.hypot(z.re, z.im)));
    }
    if (maxStep < 1e-14) break;
  }
  return roots;
}

/** Smallest root modulus of `1 + c_1 z + ... + c_k z^k`; Infinity when the polynomial is constant. */
export function minRootModulus(coefficientsAfterOne: readonly number[]): number {
  let last = coefficientsAfterOne.length;
  while (last > 0 && Math.abs(coefficientsAfterOne[last - 1]!) <= 1e-8) last--;
  if (last === 0) return Infinity;
  const roots = polyRoots([1, ...coefficientsAfterOne.slice(0, last)]);
  let min = Infinity;
  for (const r of roots) min = Math.min(min, Math.hypot(r.re, r.im));
  return min;
}

/** True when the AR polynomial `1 - ar_1 B - ...` has all roots outside the unit circle (R's `arCheck`). */
export function isStationary(ar: readonly number[]): boolean {
  if (ar.every((v) => v === 0)) return true;
  return minRootModulus(ar.map((v) => -v)) > 1;
}

/**
 * Maps unconstrained reals to the coefficients of a stationary AR polynomial:
 * tanh gives partial autocorrelations, Durbin–Levinson turns them into AR coefficients.
 * Same map as R's `partrans`, so optimisation paths and optima agree with R.
 */
export function transformToStationary(raw: readonly number[]): number[] {
  const p = raw.length;
  const out = raw.map((v) => Math.tanh(v));
  const work = out.slice();
  for (let j = 1; j < p; j++) {
    const a = out[j]!;
    for (let k = 0; k < j; k++) work[k] = work[k]! - a * out[j - k - 1]!;
    for (let k = 0; k < j; k++) out[k] = work[k]!;
  }
  return out;
}

/** Inverse of {@link transformToStationary} (R's `invpartrans`); the input must be stationary. */
export function inverseTransformToStationary(phi: readonly number[]): number[] {
  const p = phi.length;
  const out = phi.slice();
  const work = out.slice();
  for (let j = p - 1; j > 0; j--) {
    const a = out[j]!;
    for (let k = 0; k < j; k++) work[k] = (out[k]! + a * out[j - k - 1]!) / (1 - a * a);
    for (let k = 0; k < j; k++) out[k] = work[k]!;
  }
  // Clamp so atanh stays finite when a coefficient sits on the boundary.
  return out.map((v) => Math.atanh(Math.max(-0.999999, Math.min(0.999999, v))));
}

/**
 * Reflects MA roots inside the unit circle to their inverses (R's `maInvert`): the
 * likelihood is unchanged and the invertible representation is the one we report and forecast with.
 */
export function invertMa(ma: readonly number[]): number[] {
  let q0 = ma.length;
  while (q0 > 0 && ma[q0 - 1] === 0) q0--;
  if (q0 === 0) return ma.slice();
  const roots = polyRoots([1, ...ma.slice(0, q0)]);
  const inside = roots.map((r) => Math.hypot(r.re, r.im) < 1);
  if (!inside.some(Boolean)) return ma.slice();
  if (q0 === 1) return [1 / ma[0]!, ...new Array<number>(ma.length - 1).fill(0)];
  const fixed = roots.map((r, i) => {
    if (!inside[i]) return r;
    const d = r.re * r.re + r.im * r.im;
    return { re: r.re / d, im: -r.im / d };
  });
  // Rebuild prod (1 - z/r) with complex arithmetic; the result is real.
  let re = [1];
  let im = [0];
  for (const r of fixed) {
    const d = r.re * r.re + r.im * r.im;
    const ir = r.re / d;
    const ii = -r.im / d;
    const nre = [...re, 0];
    const nim = [...im, 0];
    for (let j = 0; j < re.length; j++) {
      nre[j + 1] = nre[j + 1]! - (re[j]! * ir - im[j]! * ii);
      nim[j + 1] = nim[j + 1]! - (re[j]! * ii + im[j]! * ir);
    }
    re = nre;
    im = nim;
  }
  return [...re.slice(1), ...new Array<number>(ma.length - q0).fill(0)];
}

/**
 * Multiplies the non-seasonal and seasonal polynomials into full-lag coefficient vectors,
 * `phi` for `(1 - phi(B))(1 - Phi(B^m))` and `theta` for `(1 + theta(B))(1 + Theta(B^m))`.
 */
export function expandSeasonal(
  ar: readonly number[],
  ma: readonly number[],
  sar: readonly number[],
  sma: readonly number[],
  period: number,
): { phi: number[]; theta: number[] } {
  const p = ar.length + sar.length * period;
  const q = ma.length + sma.length * period;
  const phi = new Array<number>(p).fill(0);
  const theta = new Array<number>(q).fill(0);
  for (let i = 0; i < ar.length; i++) phi[i] = ar[i]!;
  for (let i = 0; i < ma.length; i++) theta[i] = ma[i]!;
  for (let j = 0; j < sar.length; j++) {
    const s = sar[j]!;
    phi[(j + 1) * period - 1] = phi[(j + 1) * period - 1]! + s;
    for (let i = 0; i < ar.length; i++) phi[(j + 1) * period + i] = phi[(j + 1) * period + i]! - ar[i]! * s;
  }
  for (let j = 0; j < sma.length; j++) {
    const s = sma[j]!;
    theta[(j + 1) * period - 1] = theta[(j + 1) * period - 1]! + s;
    for (let i = 0; i < ma.length; i++) theta[(j + 1) * period + i] = theta[(j + 1) * period + i]! + ma[i]! * s;
  }
  return { phi, theta };
}

/** Coefficients of the differencing polynomial `(1-B)^d (1-B^m)^D` written as `y_t = sum delta_i y_{t-i} + w_t`. */
export function differencingCoefficients(d: number, seasonalD: number, period: number): number[] {
  let poly = [1];
  const multiply = (factor: number[]): void => {
    const out = new Array<number>(poly.length + factor.length - 1).fill(0);
    for (let i = 0; i < poly.length; i++) for (let j = 0; j < factor.length; j++) out[i + j] = out[i + j]! + poly[i]! * factor[j]!;
    poly = out;
  };
  for (let i = 0; i < d; i++) multiply([1, -1]);
  for (let i = 0; i < seasonalD; i++) {
    const f = new Array<number>(period + 1).fill(0);
    f[0] = 1;
    f[period] = -1;
    multiply(f);
  }
  return poly.slice(1).map((v) => (v === 0 ? 0 : -v));
}

/** Applies `(1-B)^d (1-B^m)^D`; the result is shorter by `d + D*m`, NaN propagates. */
export function difference(y: readonly number[], d: number, seasonalD: number, period: number): number[] {
  let x = y.slice();
  for (let i = 0; i < seasonalD; i++) x = x.slice(period).map((v, t) => v - x[t]!);
  for (let i = 0; i < d; i++) x = x.slice(1).map((v, t) => v - x[t]!);
  return x;
}
