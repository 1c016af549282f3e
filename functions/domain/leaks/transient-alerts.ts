/**
 * What a scanned pressure burst does to a sensor's transient alert, with the alert
 * mechanism of readings (one (rule, sensor) pair, one open alert at a time, repeats
 * grouped under it): a burst with a transient whose amplitude exceeds the limit raises
 * the alert when none is open (a repeat while one is open adds nothing); a later burst
 * with none over the limit clears it. The limit is the zone's `transientLimitM`, else
 * the rule's `limitM`.
 */
import { stateFor, type EvaluationState, type Transition } from '#domain/alerts/evaluate';
import type { TransientCondition } from '#domain/alerts/rules';
import type { PressureTransient } from './transients';

/** One bar in metres of water head (ρ g = 998 × 9.80665 Pa/m at 20 °C). */
export const METRES_PER_BAR = 100_000 / (998 * 9.80665);

export interface TransientLimit {
  readonly limitM: number;
  readonly source: 'zone' | 'rule';
}

/** The limit that applies: the zone's when it sets one, else the rule's. */
export const transientLimit = (condition: TransientCondition, zoneLimitM: number | null | undefined): TransientLimit =>
  zoneLimitM != null ? { limitM: zoneLimitM, source: 'zone' } : { limitM: condition.limitM, source: 'rule' };

/**
 * The transition a burst causes, or undefined (nothing to raise or clear).
 * @param startMs the burst's first sample, epoch ms
 * @param endMs its last sample, epoch ms
 */
export function transientTransition(
  condition: TransientCondition,
  stored: EvaluationState | undefined,
  events: readonly PressureTransient[],
  limit: TransientLimit,
  startMs: number,
  endMs: number,
  newAlertId: () => string,
): Transition | undefined {
  const state = stateFor(condition, stored);
  const over = events.filter((e) => e.amplitudeM > limit.limitM);
  const largest = over.reduce<PressureTransient | undefined>((a, e) => (a && a.amplitudeM >= e.amplitudeM ? a : e), undefined);
  if (largest && state.openAlertId === null) {
    const at = startMs + Math.round(largest.startS * 1000);
    const alertId = newAlertId();
    const reason = `pressure ${largest.kind} of ${round(largest.amplitudeM)} m peak to trough over ${round(largest.durationS)} s (limit ${limit.limitM} m from the ${limit.source}; ${over.length} over it in the burst)`;
    return { kind: 'raise', at, value: round(largest.amplitudeM), reason, alertId, state: { ...state, openAlertId: alertId, lastTs: endMs } };
  }
  if (!largest && state.openAlertId !== null) {
    return { kind: 'clear', at: endMs, value: null, reason: `a burst with no transient over ${limit.limitM} m`, alertId: state.openAlertId, state: { ...state, openAlertId: null, lastTs: endMs } };
  }
  return undefined;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
