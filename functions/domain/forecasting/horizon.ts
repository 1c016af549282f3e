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

/** The rule's figures for a series, as the answer shows them. */
export interface HorizonRule {
  /** Active periods (observed and, for amounts, non-zero). */
  activePeriods: number;
  /** floor(activePeriods / 3): three observations per period forecast. */
  third: number;
  /** Bounds of the clamp: at least 3 periods, at most two seasons. */
  minimum: number;
  maximum: number;
  /** A third of the series length: a forecast never reaches further than that. */
  lengthCap: number;
}

/**
 * Seed 003's `duration_info`: the horizon asked for and the one used, in periods of the
 * series (`unit`), the mode (auto when none was asked for), and why, with the rule's figures.
 */
export interface DurationInfo {
  unit: string;
  requested: number | null;
  validated: number;
  safe: number;
  mode: 'auto' | 'user';
  reason: HorizonReason;
  why: string;
  rule: HorizonRule;
}

const plural = (count: number, unit: string): string => `${count} ${unit}${count === 1 ? '' : 's'}`;

/** Explains a horizon decision (`unit` is the series' period: month, week, day). */
export function durationInfo(decision: HorizonDecision, dens: Density, seasonLength: number, unit: string): DurationInfo {
  const third = Math.floor(dens.active / 3);
  const rule: HorizonRule = { activePeriods: dens.active, third, minimum: 3, maximum: 2 * seasonLength, lengthCap: Math.max(1, Math.floor(dens.total / 3)) };
  const derivation = `a third of ${dens.active} active periods is ${third}, kept within [3, ${rule.maximum}] and at most a third of the ${dens.total} periods (${rule.lengthCap}): ${decision.safe}`;
  const why =
    decision.reason === 'auto'
      ? `Horizon: ${plural(decision.used, unit)} (auto mode, none asked for: the safe horizon, ${derivation}).`
      : decision.reason === 'capped'
        ? `Horizon cut from ${decision.requested} to ${plural(decision.used, unit)}: the data support no more (${derivation}).`
        : decision.requested !== null && decision.requested > decision.safe
          ? `Horizon: ${plural(decision.used, unit)} as requested, beyond the safe horizon ${decision.safe} (the cap was turned off).`
          : `Horizon: ${plural(decision.used, unit)} as requested, within the safe horizon (${derivation}).`;
  return { unit, requested: decision.requested, validated: decision.used, safe: decision.safe, mode: decision.requested === null ? 'auto' : 'user', reason: decision.reason, why, rule };
}
