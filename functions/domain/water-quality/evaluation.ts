/**
 * How the water-quality model is scored, and its conformal intervals. Pure.
 *
 * - AUC: the probability that a random hour followed by a fall below the limit is ranked
 *   above a random hour that is not (ties count half), from the rank sum.
 * - Brier score: the mean squared difference between the probability and the outcome (0/1).
 * - Calibration: the hours in ten bins of predicted probability, each bin's mean prediction
 *   against the share of hours that did fall below.
 * - Split conformal interval: the `level` quantile of the absolute residuals on a
 *   calibration window the model was not fitted on, with the finite-sample correction
 *   (rank `ceil((n + 1) · level)`); under exchangeability the interval `prediction ± q`
 *   covers a new outcome with probability at least `level`.
 */

export function auc(scores: readonly number[], outcomes: readonly boolean[]): number {
  const idx = scores.map((s, i) => ({ s, y: outcomes[i]! })).sort((a, b) => a.s - b.s);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < idx.length; ) {
    let j = i;
    while (j < idx.length && idx[j]!.s === idx[i]!.s) j++;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (idx[k]!.y) {
      rankSum += rank;
      positives++;
    }
    i = j;
  }
  const negatives = idx.length - positives;
  if (!positives || !negatives) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function brier(probabilities: readonly number[], outcomes: readonly boolean[]): number {
  return probabilities.reduce((s, p, i) => s + (p - (outcomes[i] ? 1 : 0)) ** 2, 0) / probabilities.length;
}

export interface CalibrationBin {
  readonly from: number;
  readonly to: number;
  readonly count: number;
  readonly meanPredicted: number | null;
  readonly observedRate: number | null;
}

export function calibrationBins(probabilities: readonly number[], outcomes: readonly boolean[], bins = 10): CalibrationBin[] {
  const sums = Array.from({ length: bins }, () => ({ n: 0, p: 0, y: 0 }));
  probabilities.forEach((p, i) => {
    const b = sums[Math.min(bins - 1, Math.floor(p * bins))]!;
    b.n++;
    b.p += p;
    b.y += outcomes[i] ? 1 : 0;
  });
  return sums.map((b, i) => ({ from: i / bins, to: (i + 1) / bins, count: b.n, meanPredicted: b.n ? b.p / b.n : null, observedRate: b.n ? b.y / b.n : null }));
}

/** The split-conformal half-width: the `ceil((n+1)·level)`-th smallest absolute residual. */
export function conformalQuantile(absResiduals: readonly number[], level: number): number {
  const sorted = [...absResiduals].sort((a, b) => a - b);
  const rank = Math.ceil((sorted.length + 1) * level);
  return rank > sorted.length ? Number.POSITIVE_INFINITY : sorted[rank - 1]!;
}

/** The share of `outcomes` inside their intervals. */
export function coverage(intervals: readonly { lower: number; upper: number }[], outcomes: readonly number[]): number {
  return intervals.filter((iv, i) => outcomes[i]! >= iv.lower && outcomes[i]! <= iv.upper).length / intervals.length;
}
