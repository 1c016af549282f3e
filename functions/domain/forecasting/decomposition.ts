/**
 * A compact STL (seasonal-trend decomposition by loess, Cleveland et al. 1990) with the
 * settings forecast's `mstl` uses for one season (`s.window = 11`, non-robust, two inner
 * passes), used to measure seasonal strength. Loess is evaluated at every point (no
 * "jump" interpolation), a negligible difference for this purpose.
 */

/** Loess (tricube weights, degree 0 or 1) of `y` at position `x` (1-based positions 1..n). */
function loessAt(y: ArrayLike<number>, n: number, x: number, q: number, degree: 0 | 1): number {
  const width = Math.min(q, n);
  let left = Math.round(x - (width - 1) / 2);
  left = Math.max(1, Math.min(left, n - width + 1));
  const right = left + width - 1;
  let h = Math.max(x - left, right - x);
  if (q > n) h += Math.floor((q - n) / 2);
  const h9 = 0.999 * h;
  const h1 = 0.001 * h;
  let sw = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let j = left; j <= right; j++) {
    const r = Math.abs(j - x);
    if (r > h9) continue;
    const t = r / h;
    const u = 1 - t * t * t;
    const w = r <= h1 ? 1 : u * u * u;
    const v = y[j - 1]!;
    sw += w;
    sx += w * j;
    sy += w * v;
    sxx += w * j * j;
    sxy += w * j * v;
  }
  if (sw <= 0) return y[Math.max(0, Math.min(n - 1, Math.round(x) - 1))]!;
  const mx = sx / sw;
  const my = sy / sw;
  if (degree === 0) return my;
  const varx = sxx / sw - mx * mx;
  if (varx <= 1e-12 * (h * h + 1)) return my;
  const slope = (sxy / sw - mx * my) / varx;
  return my + slope * (x - mx);
}

function movingAverage(x: ArrayLike<number>, len: number): Float64Array {
  const out = new Float64Array(x.length - len + 1);
  let s = 0;
  for (let i = 0; i < len; i++) s += x[i]!;
  out[0] = s / len;
  for (let i = 1; i < out.length; i++) {
    s += x[i + len - 1]! - x[i - 1]!;
    out[i] = s / len;
  }
  return out;
}

const nextOdd = (v: number): number => {
  const r = Math.round(v);
  return r % 2 === 0 ? r + 1 : r;
};

/** Trend, seasonal and remainder of a complete series (no NaN) with period `np >= 2`. */
export function stl(y: readonly number[], np: number, seasonalWindow = 11): { trend: number[]; seasonal: number[]; remainder: number[] } {
  const n = y.length;
  const ns = nextOdd(Math.max(3, seasonalWindow));
  const nt = nextOdd(Math.ceil((1.5 * np) / (1 - 1.5 / ns)));
  const nl = nextOdd(np);
  const trend = new Float64Array(n);
  const seasonal = new Float64Array(n);
  const c = new Float64Array(n + 2 * np);
  for (let pass = 0; pass < 2; pass++) {
    // Cycle-subseries smoothing, extended one cycle at each end.
    for (let k = 0; k < np; k++) {
      const sub: number[] = [];
      for (let i = k; i < n; i += np) sub.push(y[i]! - trend[i]!);
      const m = sub.length;
      for (let j = 0; j <= m + 1; j++) c[j * np + k] = m > 0 ? loessAt(sub, m, j, ns, 0) : 0;
    }
    // Low-pass filter of the smoothed subseries, removed so the seasonal has no trend.
    const l1 = movingAverage(c, np);
    const l2 = movingAverage(l1, np);
    const l3 = movingAverage(l2, 3);
    for (let i = 0; i < n; i++) seasonal[i] = c[np + i]! - loessAt(l3, n, i + 1, nl, 1);
    const deseason = new Float64Array(n);
    for (let i = 0; i < n; i++) deseason[i] = y[i]! - seasonal[i]!;
    for (let i = 0; i < n; i++) trend[i] = loessAt(deseason, n, i + 1, nt, 1);
  }
  const remainder = y.map((v, i) => v - trend[i]! - seasonal[i]!);
  return { trend: Array.from(trend), seasonal: Array.from(seasonal), remainder };
}

function variance(x: readonly number[]): number {
  const n = x.length;
  if (n < 2) return 0;
  const m = x.reduce((s, v) => s + v, 0) / n;
  return x.reduce((s, v) => s + (v - m) ** 2, 0) / (n - 1);
}

/**
 * Seasonal strength in [0, 1] (Wang, Smith & Hyndman): `1 - var(remainder) / var(seasonal + remainder)`.
 * Gaps are filled by linear interpolation first, as `mstl` does.
 */
export function seasonalStrength(y: readonly number[], period: number): number {
  if (period < 2 || y.length < 2 * period) return 0;
  const filled = interpolateGaps(y);
  const { seasonal, remainder } = stl(filled, period);
  const vr = variance(remainder);
  const vsr = variance(remainder.map((r, i) => r + seasonal[i]!));
  if (vsr <= 0) return 0;
  return Math.max(0, Math.min(1, 1 - vr / vsr));
}

/** Linear interpolation of NaN gaps (ends held constant). */
export function interpolateGaps(y: readonly number[]): number[] {
  const out = y.slice();
  const known: number[] = [];
  for (let i = 0; i < y.length; i++) if (!Number.isNaN(y[i]!)) known.push(i);
  if (known.length === 0) return out;
  for (let i = 0; i < y.length; i++) {
    if (!Number.isNaN(out[i]!)) continue;
    let k = 0;
    while (k < known.length && known[k]! < i) k++;
    const right = known[k];
    const left = known[k - 1];
    if (left === undefined) out[i] = y[right!]!;
    else if (right === undefined) out[i] = y[left]!;
    else out[i] = y[left]! + ((y[right]! - y[left]!) * (i - left)) / (right - left);
  }
  return out;
}
