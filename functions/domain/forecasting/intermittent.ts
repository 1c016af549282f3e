/**
 * Intermittent demand (spare parts, rare events: mostly zero, occasional amounts) and
 * series with too few observations for any model.
 *
 * Demand pattern (Syntetos, Boylan & Croston 2005): ADI, the mean interval between
 * non-zero demands, and CV², the squared coefficient of variation of their sizes.
 * A series is intermittent when ADI >= 1.32. The method follows the pattern:
 * - demand that may have stopped (the last run of zeros is longer than twice the ADI and
 *   at least four periods): TSB (Teunter, Syntetos & Babai 2011), which updates the
 *   probability of demand every period, so the forecast decays as zeros accumulate;
 * - steady sizes (CV² < 0.49, "intermittent"): Croston's method;
 * - variable sizes (CV² >= 0.49, "lumpy"): SBA, Croston corrected for its bias by (1 - alpha/2).
 * The smoothing constant is 0.1, R's `croston` default: the usual range is 0.05-0.2 and
 * a few demands cannot estimate it.
 *
 * Intervals are per period, from the demand's mixture: zero with probability 1 - p, else
 * a size drawn from the observed non-zero sizes (empirical quantiles).
 */
import type { PredictiveStep } from './predictive';

/** ADI above which demand is intermittent. */
export const ADI_CUTOFF = 1.32;
/** CV² above which demand sizes are erratic ("lumpy" when also intermittent). */
export const CV2_CUTOFF = 0.49;
/** Smoothing constant of Croston, SBA and TSB. */
export const INTERMITTENT_ALPHA = 0.1;

export type IntermittentMethod = 'croston' | 'sba' | 'tsb';

/** Demand pattern of a series of non-negative amounts. */
export interface DemandPattern {
  /** Mean interval between non-zero demands, in periods. */
  adi: number;
  /** Squared coefficient of variation of the non-zero demand sizes. */
  cv2: number;
  demands: number;
  /** Zero periods after the last demand. */
  trailingZeros: number;
}

/** The demand pattern of observed values (missing ones skipped); null with fewer than two demands. */
export function demandPattern(y: readonly number[]): DemandPattern | null {
  const observed = y.filter((v) => !Number.isNaN(v));
  const sizes = observed.filter((v) => v > 0);
  if (sizes.length < 2 || observed.some((v) => v < 0)) return null;
  const mean = sizes.reduce((a, v) => a + v, 0) / sizes.length;
  const variance = sizes.reduce((a, v) => a + (v - mean) ** 2, 0) / sizes.length;
  let trailingZeros = 0;
  for (let t = observed.length - 1; t >= 0 && observed[t] === 0; t--) trailingZeros++;
  return { adi: observed.length / sizes.length, cv2: variance / (mean * mean), demands: sizes.length, trailingZeros };
}

/** The method for a pattern; null when demand is not intermittent. */
export function intermittentMethod(p: DemandPattern): IntermittentMethod | null {
  if (p.adi < ADI_CUTOFF) return null;
  if (p.trailingZeros >= Math.max(4, 2 * p.adi)) return 'tsb';
  return p.cv2 < CV2_CUTOFF ? 'croston' : 'sba';
}

/**
 * Croston's and SBA's forecast (the same every period): smoothed size over smoothed
 * interval, both updated at demands only, initialised with the first demand and its
 * interval as R's `croston`.
 */
export function crostonForecast(y: readonly number[], method: 'croston' | 'sba', alpha = INTERMITTENT_ALPHA): number {
  const observed = y.filter((v) => !Number.isNaN(v));
  let size = NaN;
  let interval = NaN;
  let since = 0;
  for (const v of observed) {
    since++;
    if (v <= 0) continue;
    if (Number.isNaN(size)) {
      size = v;
      interval = since;
    } else {
      size += alpha * (v - size);
      interval += alpha * (since - interval);
    }
    since = 0;
  }
  const rate = size / interval;
  return method === 'sba' ? rate * (1 - alpha / 2) : rate;
}

/** TSB's probability of demand and smoothed size after the series (probability updated every period). */
export function tsbState(y: readonly number[], alpha = INTERMITTENT_ALPHA, beta = INTERMITTENT_ALPHA): { probability: number; size: number } {
  const observed = y.filter((v) => !Number.isNaN(v));
  const sizes = observed.filter((v) => v > 0);
  let probability = sizes.length / observed.length;
  let size = sizes[0] ?? 0;
  for (const v of observed) {
    probability += beta * ((v > 0 ? 1 : 0) - probability);
    if (v > 0) size += alpha * (v - size);
  }
  return { probability, size };
}

/** Empirical quantile (type 7, R's default) of sorted values. */
function quantileOf(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/**
 * Per-period predictive steps of intermittent demand with mean `mean` and demand
 * probability `p`: a quantile q is 0 when q <= 1 - p, else the size quantile (q - (1 - p)) / p.
 */
export function intermittentSteps(y: readonly number[], mean: number, p: number, horizon: number): PredictiveStep[] {
  const sizes = y.filter((v) => !Number.isNaN(v) && v > 0).sort((a, b) => a - b);
  const prob = Math.min(1, Math.max(p, 1e-9));
  const q = (level: number): number => (level <= 1 - prob ? 0 : quantileOf(sizes, (level - (1 - prob)) / prob));
  const step: PredictiveStep = {
    mean,
    p10: q(0.1),
    p50: q(0.5),
    p90: q(0.9),
    lower80: q(0.1),
    upper80: q(0.9),
    lower95: q(0.025),
    upper95: q(0.975),
  };
  return Array.from({ length: horizon }, () => ({ ...step }));
}

/** Student t quantiles t(0.9) and t(0.975) for 1 to 4 degrees of freedom. */
const T_QUANTILES: Record<number, [number, number]> = { 1: [3.0776835, 12.7062047], 2: [1.8856181, 4.3026527], 3: [1.6377444, 3.1824463], 4: [1.5332063, 2.7764451] };

/**
 * Forecast from a handful of observations (2 to 5): their mean, with the prediction
 * interval of a new draw from a normal of unknown mean and variance,
 * `mean ± t(n-1) s sqrt(1 + 1/n)`: with two points, t(1) makes it about 18 s wide.
 */
export function fewObservationsSteps(y: readonly number[], horizon: number): PredictiveStep[] {
  const observed = y.filter((v) => !Number.isNaN(v));
  const n = observed.length;
  const [t80, t95] = T_QUANTILES[n - 1]!;
  const mean = observed.reduce((a, v) => a + v, 0) / n;
  const sd = Math.sqrt(observed.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  const scale = sd * Math.sqrt(1 + 1 / n);
  const step: PredictiveStep = {
    mean,
    p10: mean - t80 * scale,
    p50: mean,
    p90: mean + t80 * scale,
    lower80: mean - t80 * scale,
    upper80: mean + t80 * scale,
    lower95: mean - t95 * scale,
    upper95: mean + t95 * scale,
  };
  return Array.from({ length: horizon }, () => ({ ...step }));
}
