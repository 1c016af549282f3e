/**
 * Predictive distributions per forecast step, in the shape the API returns: mean,
 * quantiles p10/p50/p90 and 80 % / 95 % interval bounds. Built from a Gaussian on the
 * model scale, optionally mapped back through exp for log-scale models.
 */

/** One forecast step's predictive summary. */
export interface PredictiveStep {
  mean: number;
  p10: number;
  p50: number;
  p90: number;
  lower80: number;
  upper80: number;
  lower95: number;
  upper95: number;
}

/** Standard normal quantile qnorm(0.9): half-width of the 80 % interval in standard errors. */
export const Z80 = 1.2815515655446004;
/** Standard normal quantile qnorm(0.975): half-width of the 95 % interval in standard errors. */
export const Z95 = 1.959963984540054;

/**
 * Gaussian predictive steps. With `exp`, the Gaussian is on the log scale and every
 * quantile is mapped through exp; the point forecast is then the median (as R's
 * forecasts of Box–Cox models without bias adjustment).
 */
export function gaussianSteps(mean: readonly number[], se: readonly number[], exp = false): PredictiveStep[] {
  const f = exp ? Math.exp : (v: number): number => v;
  return mean.map((m, h) => {
    const s = se[h]!;
    return {
      mean: f(m),
      p10: f(m - Z80 * s),
      p50: f(m),
      p90: f(m + Z80 * s),
      lower80: f(m - Z80 * s),
      upper80: f(m + Z80 * s),
      lower95: f(m - Z95 * s),
      upper95: f(m + Z95 * s),
    };
  });
}

/** Equal-weight combination: averages means and quantiles (quantile averaging, Vincentization). */
export function combineSteps(parts: ReadonlyArray<readonly PredictiveStep[]>): PredictiveStep[] {
  const n = parts[0]?.length ?? 0;
  const keys: Array<keyof PredictiveStep> = ['mean', 'p10', 'p50', 'p90', 'lower80', 'upper80', 'lower95', 'upper95'];
  const out: PredictiveStep[] = [];
  for (let h = 0; h < n; h++) {
    const step = {} as PredictiveStep;
    for (const k of keys) step[k] = parts.reduce((s, p) => s + p[h]![k], 0) / parts.length;
    out.push(step);
  }
  return out;
}

/** True when every number in the steps is finite. */
export function allFinite(steps: readonly PredictiveStep[]): boolean {
  return steps.every((s) => Object.values(s).every((v) => Number.isFinite(v)));
}
