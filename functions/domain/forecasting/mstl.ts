/**
 * Several seasonalities at once (hourly water demand: a daily cycle of 24 and a weekly one
 * of 168; daily data: a week of 7 and a year of 365), as R's `forecast::mstl` and
 * `stlf` do it:
 *
 * 1. keep the periods the series covers at least twice, shortest first;
 * 2. decompose by STL one period at a time, on the series minus every other seasonal
 *    component, and repeat the round twice so each component is estimated without the
 *    others (seasonal windows 11, 15, 19... as `mstl`'s default `7 + 4 * i`);
 * 3. forecast the seasonally adjusted series (trend + remainder) by ETS chosen by AICc,
 *    without a season of its own;
 * 4. add back each seasonal component's last cycle (its seasonal naive forecast); the
 *    intervals are the adjusted series' ETS intervals, shifted.
 */
import { interpolateGaps, stl } from './decomposition';
import { autoEts, fitEts, forecastEtsSteps, type EtsFit } from './ets';
import type { PredictiveStep } from './predictive';

/** A multi-seasonal decomposition: `y = trend + sum(seasonals) + remainder`. */
export interface MstlDecomposition {
  /** The periods decomposed, shortest first (those the series covers at least twice). */
  periods: number[];
  trend: number[];
  /** One seasonal component per period, in the order of `periods`. */
  seasonals: number[][];
  remainder: number[];
}

/** Rounds of the back-fitting loop (R's `mstl` default `iterate = 2`). */
const ROUNDS = 2;

/** The periods of `candidates` an STL can estimate on `n` points: integers >= 2 seen at least twice, distinct, shortest first. */
export function usablePeriods(n: number, candidates: readonly number[]): number[] {
  return [...new Set(candidates.filter((p) => Number.isInteger(p) && p >= 2 && n >= 2 * p))].sort((a, b) => a - b);
}

/** Decomposes a series (gaps bridged linearly) into a trend, one seasonal component per usable period, and a remainder. */
export function mstl(series: readonly number[], periods: readonly number[]): MstlDecomposition {
  const y = interpolateGaps(series);
  const n = y.length;
  const kept = usablePeriods(n, periods);
  const seasonals = kept.map(() => new Array<number>(n).fill(0));
  const deseason = y.slice();
  let trend: number[] = [];
  // One period needs one round (as `mstl` on a plain `ts`): a second would refit the same data.
  const rounds = kept.length > 1 ? ROUNDS : 1;
  for (let round = 0; round < rounds; round++) {
    kept.forEach((period, i) => {
      const own = seasonals[i]!;
      for (let t = 0; t < n; t++) deseason[t] = deseason[t]! + own[t]!;
      const fit = stl(deseason, period, 7 + 4 * (i + 1));
      seasonals[i] = fit.seasonal;
      for (let t = 0; t < n; t++) deseason[t] = deseason[t]! - fit.seasonal[t]!;
      trend = fit.trend;
    });
  }
  if (kept.length === 0) trend = y.slice();
  const remainder = y.map((v, t) => v - trend[t]! - seasonals.reduce((s, c) => s + c[t]!, 0));
  return { periods: kept, trend, seasonals, remainder };
}

/** Seasonally adjusted series: the data minus every seasonal component. */
export function seasonallyAdjusted(d: MstlDecomposition): number[] {
  return d.trend.map((v, t) => v + d.remainder[t]!);
}

/** Each component's last cycle repeated over the horizon, summed. */
export function seasonalForecast(d: MstlDecomposition, horizon: number): number[] {
  const n = d.trend.length;
  return Array.from({ length: horizon }, (_, h) =>
    d.periods.reduce((s, period, i) => {
      const c = d.seasonals[i]!;
      return s + c[n - period + (h % period)]!;
    }, 0),
  );
}

/** An MSTL decomposition with the ETS fitted to its seasonally adjusted series. */
export interface MstlFit {
  decomposition: MstlDecomposition;
  ets: EtsFit;
}

/**
 * Decomposes and fits the adjusted series; with `near`, keeps that fit's ETS form and
 * starts from its parameters (backtest refits). Null when no ETS form fits.
 */
export function fitMstl(series: readonly number[], periods: readonly number[], near?: EtsFit): MstlFit | null {
  const decomposition = mstl(series, periods);
  const adjusted = seasonallyAdjusted(decomposition);
  const ets = near ? fitEts(adjusted, near.spec, near) : autoEts(adjusted, 1);
  return ets ? { decomposition, ets } : null;
}

/** Forecast steps of an MSTL fit: the adjusted series' ETS forecast plus each component's last cycle. */
export function forecastMstl(fit: MstlFit, horizon: number): PredictiveStep[] {
  const adjusted = forecastEtsSteps(fit.ets, horizon);
  const seasonal = seasonalForecast(fit.decomposition, horizon);
  return adjusted.map((s, h) => {
    const add = seasonal[h]!;
    return {
      mean: s.mean + add,
      p10: s.p10 + add,
      p50: s.p50 + add,
      p90: s.p90 + add,
      lower80: s.lower80 + add,
      upper80: s.upper80 + add,
      lower95: s.lower95 + add,
      upper95: s.upper95 + add,
    };
  });
}
