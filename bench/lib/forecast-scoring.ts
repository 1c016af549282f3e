/**
 * The forecasting benchmark's data and scoring: the committed series with their rolling
 * origins, the fixed tuning/validation split, R's committed forecasts, and the summary of
 * a method over a subset of series (mean of per-series MASE averaged over origins, pooled
 * 95 % coverage, median time per fit).
 */
import { readFileSync } from 'node:fs';
import { accuracy } from '#domain/forecasting/metrics';
import type { PredictiveStep } from '#domain/forecasting/predictive';
import { median } from './stats';

/** One benchmark series: scored at each origin on the `horizon` points that follow it. */
export interface BenchSeries {
  id: string;
  group: string;
  period: number;
  horizon: number;
  /** Counts of training points (0-based index of the first test point). */
  origins: number[];
  values: number[];
}

/** R's forecast at one origin (scripts/fixtures/forecast-bench-r.R). */
export interface RFit {
  id: string;
  origin: number;
  method: string;
  ms: number;
  cpuMs: number;
  mean: number[];
  lower95: number[];
  upper95: number[];
}

/** The score of one method at one origin of one series. */
export interface Score {
  method: string;
  id: string;
  origin: number;
  mase: number;
  smape: number;
  /** Test points inside the 95 % interval, and test points. */
  in95: number;
  count: number;
  ms: number;
}

export type Half = 'tuning' | 'validation';

const fixture = (dir: string, name: string): unknown => JSON.parse(readFileSync(`${dir}/${name}`, 'utf8'));

/** Reads benchmark-series.json, benchmark-split.json and, when present, r-benchmark.json. */
export function loadBenchmark(dir: string): { series: BenchSeries[]; halves: Record<string, Half>; r: RFit[] } {
  const series = fixture(dir, 'benchmark-series.json') as BenchSeries[];
  const { halves } = fixture(dir, 'benchmark-split.json') as { halves: Record<string, Half> };
  for (const s of series) if (!halves[s.id]) throw new Error(`series ${s.id} has no half in benchmark-split.json: rerun npm run fixtures:forecast`);
  let r: RFit[] = [];
  try {
    r = fixture(dir, 'r-benchmark.json') as RFit[];
  } catch {
    r = [];
  }
  return { series, halves, r };
}

/** Steps with only the 95 % bounds known (R's output); the 80 % ones are not scored here. */
export function steps95(mean: readonly number[], lower: readonly number[], upper: readonly number[]): PredictiveStep[] {
  return mean.map((m, h) => ({ mean: m, p10: m, p50: m, p90: m, lower80: m, upper80: m, lower95: lower[h]!, upper95: upper[h]! }));
}

/** Scores forecast steps at one origin of a series. */
export function score(method: string, s: BenchSeries, origin: number, steps: readonly PredictiveStep[], ms: number): Score {
  const train = s.values.slice(0, origin);
  const test = s.values.slice(origin, origin + s.horizon);
  const acc = accuracy(train, test, steps, s.period);
  return { method, id: s.id, origin, mase: acc.mase, smape: acc.smape, in95: Math.round(acc.coverage95 * acc.count), count: acc.count, ms };
}

/** A method's figures over a set of series. */
export interface Summary {
  series: number;
  fits: number;
  mase: number;
  smape: number;
  coverage95: number;
  medianMs: number;
}

/** Mean over series of the per-series mean MASE and sMAPE (over origins), pooled coverage, median ms per fit. */
export function summarize(scores: readonly Score[], ids: ReadonlySet<string>): Summary | null {
  const mine = scores.filter((s) => ids.has(s.id));
  if (mine.length === 0) return null;
  const bySeries = new Map<string, Score[]>();
  for (const s of mine) bySeries.set(s.id, [...(bySeries.get(s.id) ?? []), s]);
  const perSeries = (f: (s: Score) => number): number =>
    [...bySeries.values()].reduce((acc, rs) => acc + rs.reduce((a, r) => a + f(r), 0) / rs.length, 0) / bySeries.size;
  const count = mine.reduce((a, s) => a + s.count, 0);
  return {
    series: bySeries.size,
    fits: mine.length,
    mase: perSeries((s) => s.mase),
    smape: perSeries((s) => s.smape),
    coverage95: count ? mine.reduce((a, s) => a + s.in95, 0) / count : NaN,
    medianMs: median(mine.map((s) => s.ms)),
  };
}
