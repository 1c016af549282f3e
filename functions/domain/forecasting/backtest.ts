/**
 * Rolling-origin evaluation on the series itself: each candidate is re-estimated on the
 * history up to an origin (keeping its selected form), forecasts the next window, and is
 * scored against what happened. The engine picks the family with the lowest mean MASE.
 */
import { accuracy, type Accuracy } from './metrics';
import type { Family, FittedModel } from './models';
import { allFinite } from './predictive';

/** Backtest scores of one candidate, averaged over origins. */
export interface CandidateScore {
  family: Family;
  name: string;
  mase: number;
  smape: number;
  coverage80: number;
  coverage95: number;
}

/** How the backtest was run and what it found. */
export interface BacktestReport {
  origins: number;
  horizon: number;
  candidates: CandidateScore[];
}

/** Window and number of origins for a series of length `n` with period `m`; null when too short to backtest. */
export function backtestPlan(n: number, period: number, horizon: number): { window: number; origins: number[] } | null {
  const m = Math.max(1, period);
  const window = Math.max(1, Math.min(horizon, m > 1 ? m : 6));
  const minTrain = m > 1 ? 2 * m + 2 : 10;
  const count = Math.min(3, Math.floor((n - minTrain) / window));
  if (count < 1) return null;
  const origins: number[] = [];
  for (let k = count; k >= 1; k--) origins.push(n - k * window);
  return { window, origins };
}

/** Scores each candidate over the plan; candidates that fail at an origin get an infinite MASE. */
export function backtest(y: readonly number[], period: number, candidates: readonly FittedModel[], plan: { window: number; origins: number[] }): BacktestReport {
  const scores: CandidateScore[] = candidates.map((model) => {
    const runs: Accuracy[] = [];
    let failed = false;
    for (const origin of plan.origins) {
      const train = y.slice(0, origin);
      const actual = y.slice(origin, origin + plan.window);
      const refit = model.refit(train);
      const steps = refit?.forecast(actual.length);
      if (!steps || !allFinite(steps)) {
        failed = true;
        break;
      }
      const acc = accuracy(train, actual, steps, period);
      if (acc.count > 0) runs.push(acc);
    }
    const mean = (f: (a: Accuracy) => number): number => (runs.length ? runs.reduce((s, a) => s + f(a), 0) / runs.length : Infinity);
    return {
      family: model.family,
      name: model.name,
      mase: failed ? Infinity : mean((a) => a.mase),
      smape: failed ? Infinity : mean((a) => a.smape),
      coverage80: failed ? 0 : mean((a) => a.coverage80),
      coverage95: failed ? 0 : mean((a) => a.coverage95),
    };
  });
  return { origins: plan.origins.length, horizon: plan.window, candidates: scores };
}
