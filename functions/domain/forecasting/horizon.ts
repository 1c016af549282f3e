/**
 * The safe horizon (seed 003's "smart duration", generalised): a forecast should not
 * reach further than the data can support. Count the active periods (observed and, for
 * amounts, non-zero); the safe horizon is a third of them, at least 3 periods and at
 * most two seasons, and never more than a third of the series length.
 */

/** How the horizon was decided. */
export type HorizonReason = 'auto' | 'requested' | 'capped';

/** The decision, as returned in the forecast answer. */
export interface HorizonDecision {
  requested: number | null;
  used: number;
  safe: number;
  reason: HorizonReason;
}

/** Activity of a series: how much of it carries information. */
export interface Density {
  /** Periods with data (and, for amounts, a non-zero value). */
  active: number;
  /** Periods in the series, from first to last. */
  total: number;
  /** active / total, in [0, 1]. */
  ratio: number;
  /** True when under 20 %: forecasts of such series deserve a warning. */
  sparse: boolean;
}

/** Below this share of active periods a series is flagged as sparse. */
export const SPARSE_DENSITY = 0.2;

/** Counts active periods; for amounts a zero is "no activity", for levels it is a reading. */
export function density(values: readonly number[], kind: 'amount' | 'level'): Density {
  const total = values.length;
  const active = values.filter((v) => !Number.isNaN(v) && (kind === 'level' || v !== 0)).length;
  const ratio = total > 0 ? active / total : 0;
  return { active, total, ratio, sparse: ratio < SPARSE_DENSITY };
}

/**
 * The safe horizon: `floor(active / 3)` clamped to [3, 2 seasons], then capped at a
 * third of the series length (and at least 1).
 */
export function safeHorizon(active: number, length: number, seasonLength: number): number {
  const raw = Math.floor(active / 3);
  const clamped = Math.max(3, Math.min(raw, 2 * seasonLength));
  return Math.max(1, Math.min(clamped, Math.floor(length / 3)));
}

/** Applies the rule to a request: none means auto mode; a longer request is cut. */
export function decideHorizon(requested: number | null | undefined, safe: number): HorizonDecision {
  if (requested === null || requested === undefined) return { requested: null, used: safe, safe, reason: 'auto' };
  if (requested > safe) return { requested, used: safe, safe, reason: 'capped' };
  return { requested, used: requested, safe, reason: 'requested' };
}
