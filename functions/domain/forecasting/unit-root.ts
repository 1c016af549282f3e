/**
 * How many differences a series needs, as forecast's `ndiffs` (KPSS, 5 %) and
 * `nsdiffs` (seasonal strength above 0.64), and detection of the seasonal period.
 */
import { interpolateGaps, seasonalStrength } from './decomposition';

/** True when every observed value equals the first (R's `is.constant`). */
export function isConstant(x: readonly number[]): boolean {
  const v = x.filter((a) => !Number.isNaN(a));
  return v.every((a) => a === v[0]);
}

/**
 * KPSS level-stationarity statistic (urca's `ur.kpss(type = "mu")`) with
 * `trunc(3 sqrt(n) / 13)` Bartlett lags, the truncation forecast's `ndiffs` uses.
 */
export function kpssStatistic(x: readonly number[]): number {
  const n = x.length;
  const mean = x.reduce((s, v) => s + v, 0) / n;
  const e = x.map((v) => v - mean);
  let cum = 0;
  let eta = 0;
  for (const v of e) {
    cum += v;
    eta += cum * cum;
  }
  eta /= n * n;
  let s2 = e.reduce((s, v) => s + v * v, 0) / n;
  const lags = Math.trunc((3 * Math.sqrt(n)) / 13);
  for (let i = 1; i <= lags; i++) {
    let acc = 0;
    for (let t = i; t < n; t++) acc += e[t]! * e[t - i]!;
    s2 += (2 * (1 - i / (lags + 1)) * acc) / n;
  }
  return s2 > 0 ? eta / s2 : 0;
}

/** 5 % critical value of the KPSS level test: a larger statistic rejects stationarity. */
const KPSS_CRITICAL_5 = 0.463;

/** Number of first differences (0..maxD) by repeated KPSS tests, as `forecast::ndiffs`. */
export function ndiffs(series: readonly number[], maxD = 2): number {
  let x = series.filter((v) => !Number.isNaN(v));
  let d = 0;
  if (x.length < 3 || isConstant(x)) return d;
  let dodiff = kpssStatistic(x) > KPSS_CRITICAL_5;
  while (dodiff && d < maxD) {
    d++;
    x = x.slice(1).map((v, i) => v - x[i]!);
    if (x.length < 3 || isConstant(x)) return d;
    dodiff = kpssStatistic(x) > KPSS_CRITICAL_5;
  }
  return d;
}

/** Seasonal strength above which forecast's `nsdiffs` takes a seasonal difference. */
const SEASONAL_STRENGTH_THRESHOLD = 0.64;

/** Number of seasonal differences (0 or 1) by the seasonal-strength heuristic, as `forecast::nsdiffs`. */
export function nsdiffs(series: readonly number[], period: number): { D: number; strength: number } {
  if (period < 2 || series.length <= 2 * period || isConstant(series)) return { D: 0, strength: 0 };
  const strength = seasonalStrength(series, period);
  return { D: strength > SEASONAL_STRENGTH_THRESHOLD ? 1 : 0, strength };
}

/** Sample autocorrelations at lags 1..maxLag of a complete series. */
export function autocorrelation(x: readonly number[], maxLag: number): number[] {
  const n = x.length;
  const mean = x.reduce((s, v) => s + v, 0) / n;
  const c0 = x.reduce((s, v) => s + (v - mean) ** 2, 0);
  const out: number[] = [];
  for (let k = 1; k <= maxLag; k++) {
    let s = 0;
    for (let t = k; t < n; t++) s += (x[t]! - mean) * (x[t - k]! - mean);
    out.push(c0 > 0 ? s / c0 : 0);
  }
  return out;
}

/** The series less its centred moving average over one cycle (2 x m when m is even): trend gone, cycle kept. */
function detrendByCycle(x: readonly number[], m: number): number[] {
  const half = Math.floor(m / 2);
  const out: number[] = [];
  for (let t = half; t < x.length - half; t++) {
    let s = 0;
    if (m % 2 === 1) {
      for (let k = -half; k <= half; k++) s += x[t + k]!;
      s /= m;
    } else {
      for (let k = -half + 1; k <= half - 1; k++) s += x[t + k]!;
      s = (s + 0.5 * (x[t - half]! + x[t + half]!)) / m;
    }
    out.push(x[t]! - s);
  }
  return out;
}

/**
 * Seasonal period from the autocorrelation of the series detrended by a centred moving
 * average over each candidate cycle (gaps filled first): the candidate whose lag has the
 * largest significant autocorrelation and is (nearly) a local peak, or 1 when none is
 * significant or the series holds fewer than two cycles plus a margin.
 */
export function detectPeriod(series: readonly number[], candidates: readonly number[]): { period: number; acf: number } {
  const filled = interpolateGaps(series);
  let best = { period: 1, acf: 0 };
  for (const m of candidates) {
    if (m < 2 || filled.length < 3 * m) continue;
    const x = detrendByCycle(filled, m);
    const acf = autocorrelation(x, m + 1);
    const at = acf[m - 1]!;
    const threshold = 1.96 / Math.sqrt(x.length);
    // A peak up to noise: other cycles in the data can tilt the neighbouring lags a little.
    const peak = at >= Math.max(acf[m - 2]!, acf[m]!) - 0.1;
    if (at > threshold && peak && at > best.acf) best = { period: m, acf: at };
  }
  return best;
}
