/**
 * Forecast accuracy measures: MASE (scaled by the in-sample seasonal naive error), sMAPE
 * (in percent, 0..200) and empirical interval coverage. Missing actual values are skipped.
 */
import type { PredictiveStep } from './predictive';
import { seasonalNaiveScale } from './baselines';

/** Accuracy of one forecast against the actual values that followed. */
export interface Accuracy {
  mase: number;
  smape: number;
  coverage80: number;
  coverage95: number;
  /** Number of actual values compared. */
  count: number;
}

/** Scores `steps` against `actual` with the MASE scale taken from `train`. */
export function accuracy(train: readonly number[], actual: readonly number[], steps: readonly PredictiveStep[], period: number): Accuracy {
  const scale = seasonalNaiveScale(train, period);
  let ae = 0;
  let sm = 0;
  let smCount = 0;
  let in80 = 0;
  let in95 = 0;
  let count = 0;
  for (let h = 0; h < Math.min(actual.length, steps.length); h++) {
    const a = actual[h]!;
    if (Number.isNaN(a)) continue;
    const s = steps[h]!;
    ae += Math.abs(a - s.mean);
    const den = Math.abs(a) + Math.abs(s.mean);
    if (den > 0) {
      sm += (200 * Math.abs(a - s.mean)) / den;
      smCount++;
    } else smCount++;
    if (a >= s.lower80 && a <= s.upper80) in80++;
    if (a >= s.lower95 && a <= s.upper95) in95++;
    count++;
  }
  if (count === 0) return { mase: 0, smape: 0, coverage80: 0, coverage95: 0, count: 0 };
  return { mase: ae / count / scale, smape: sm / smCount, coverage80: in80 / count, coverage95: in95 / count, count };
}
