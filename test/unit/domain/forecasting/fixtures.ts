/** Loads the reference fixtures produced by scripts/fixtures (R and statsmodels). */
import { readFileSync } from 'node:fs';

/** One reference case: data, order, and the reference forecasts with their bounds. */
export interface ReferenceCase {
  name: string;
  period: number;
  values: Array<number | null | string>;
  order: { p: number; d: number; q: number; P: number; D: number; Q: number };
  constant: boolean;
  /** R's estimated coefficients by name (fixed-order and auto.arima fixtures). */
  coef?: Record<string, number>;
  aicc?: number;
  loglik: number;
  sigma2?: number;
  h: number;
  mean: number[];
  lower80: number[];
  upper80: number[];
  lower95: number[];
  upper95: number[];
}

/** Reads `test/fixtures/forecasting/<file>`. */
export function loadCases(file: string): ReferenceCase[] {
  return JSON.parse(readFileSync(new URL(`../../../fixtures/forecasting/${file}`, import.meta.url), 'utf8')) as ReferenceCase[];
}

/** The series with missing values (JSON null or R's "NA") as NaN. */
export function seriesOf(c: ReferenceCase): number[] {
  return c.values.map((v) => (typeof v === 'number' ? v : NaN));
}

/** Largest relative difference between two vectors, relative to the reference. */
export function maxRelativeDifference(actual: readonly number[], expected: readonly number[]): number {
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!) / Math.max(Math.abs(expected[i]!), 1e-12));
  return worst;
}
