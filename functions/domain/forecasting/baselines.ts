/**
 * The seasonal naive benchmark: each forecast repeats the value one season earlier, with
 * intervals from the seasonal-difference residuals (as R's `snaive`).
 */
import { gaussianSteps, type PredictiveStep } from './predictive';

/** Last observed value at each season position, counting back from the end. */
function lastSeason(y: readonly number[], m: number): number[] {
  const n = y.length;
  const out: number[] = [];
  for (let k = 0; k < m; k++) {
    // Position n - m + k, or further back by whole seasons when missing.
    let t = n - m + k;
    while (t >= 0 && Number.isNaN(y[t]!)) t -= m;
    if (t < 0) {
      t = n - 1;
      while (t >= 0 && Number.isNaN(y[t]!)) t--;
    }
    out.push(t >= 0 ? y[t]! : 0);
  }
  return out;
}

/** Seasonal naive forecasts; `period` 1 gives the naive (random walk) forecast. */
export function seasonalNaive(y: readonly number[], period: number, horizon: number): PredictiveStep[] {
  const m = Math.max(1, Math.min(period, y.length));
  const base = lastSeason(y, m);
  let ss = 0;
  let count = 0;
  for (let t = m; t < y.length; t++) {
    const d = y[t]! - y[t - m]!;
    if (Number.isNaN(d)) continue;
    ss += d * d;
    count++;
  }
  const sigma = count > 0 ? Math.sqrt(ss / count) : 0;
  const mean: number[] = [];
  const se: number[] = [];
  for (let h = 1; h <= horizon; h++) {
    mean.push(base[(h - 1) % m]!);
    se.push(sigma * Math.sqrt(Math.floor((h - 1) / m) + 1));
  }
  return gaussianSteps(mean, se);
}

/** Mean absolute in-sample error of the seasonal naive forecast: the MASE scale. */
export function seasonalNaiveScale(y: readonly number[], period: number): number {
  const m = Math.max(1, period);
  let sum = 0;
  let count = 0;
  for (let t = m; t < y.length; t++) {
    const d = y[t]! - y[t - m]!;
    if (Number.isNaN(d)) continue;
    sum += Math.abs(d);
    count++;
  }
  if (count === 0 || sum === 0) {
    // Fall back to the lag-1 scale when the seasonal one is undefined or zero.
    sum = 0;
    count = 0;
    for (let t = 1; t < y.length; t++) {
      const d = y[t]! - y[t - 1]!;
      if (Number.isNaN(d)) continue;
      sum += Math.abs(d);
      count++;
    }
  }
  return count > 0 && sum > 0 ? sum / count : 1;
}
