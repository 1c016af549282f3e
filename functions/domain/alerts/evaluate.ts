/**
 * Evaluation of alert rules, one (rule, sensor) pair at a time. The state of a pair
 * is kept between invocations (in DynamoDB, by the worker): the last reading
 * evaluated, what the condition needs to remember (start of a breach, previous
 * value, trailing window) and the alert it keeps open, if any.
 *
 * Idempotence: readings are evaluated in timestamp order and only when newer than
 * the last one evaluated, so a reading delivered twice (or late, older than one
 * already evaluated) changes nothing and raises nothing twice. At most one alert is
 * open per pair: a condition raises only while none is open.
 */
import { conditionKey, describeCondition, type AlertCondition, type Comparison } from './rules';
import { addToWindow, EMPTY_WINDOW, standardDeviation, windowMoments, type WindowStats } from './window-stats';

export interface EvaluationState {
  /** Version of the stored state (0: never stored); every write is conditioned on it. */
  readonly version: number;
  /** The condition the memory below was built under ({@link conditionKey}). */
  readonly condition: string;
  /** Timestamp (epoch ms) of the newest reading evaluated. */
  readonly lastTs: number | null;
  readonly lastValue: number | null;
  /** Server time (epoch ms) data was last received, for no-data rules. */
  readonly lastReceivedAt: number | null;
  /** The alert this pair keeps open (active or acknowledged), or null. */
  readonly openAlertId: string | null;
  /** Duration rules: when the current breach started (reading time). */
  readonly breachSince: number | null;
  /** Anomaly rules: the trailing window. */
  readonly window: WindowStats;
}

export interface ReadingToEvaluate {
  readonly ts: number;
  readonly value: number;
}

/** What a reading (or a silence) did to a pair. */
export interface Transition {
  readonly kind: 'raise' | 'clear';
  /** Reading time (or, for a silence, the server time of the check), epoch ms. */
  readonly at: number;
  /** The reading that raised or cleared, or null for a silence. */
  readonly value: number | null;
  readonly reason: string;
  /** The alert raised or cleared. */
  readonly alertId: string;
  /** The state once this transition is committed. */
  readonly state: EvaluationState;
}

export interface Evaluation {
  /** In order; each must be committed with its state before the next. */
  readonly transitions: readonly Transition[];
  /** The state after every reading; equal to the input when nothing was new. */
  readonly state: EvaluationState;
  /** Readings skipped because they were not newer than the last one evaluated. */
  readonly skipped: number;
}

export function initialState(condition: AlertCondition): EvaluationState {
  return { version: 0, condition: conditionKey(condition), lastTs: null, lastValue: null, lastReceivedAt: null, openAlertId: null, breachSince: null, window: EMPTY_WINDOW };
}

/** The state to evaluate `condition` with: the stored one, its memory forgotten if the condition changed. */
export function stateFor(condition: AlertCondition, stored: EvaluationState | undefined): EvaluationState {
  if (!stored) return initialState(condition);
  const key = conditionKey(condition);
  if (stored.condition === key) return stored;
  return { ...stored, condition: key, lastValue: null, breachSince: null, window: EMPTY_WINDOW };
}

const breached = (comparison: Comparison, limit: number, v: number) => (comparison === 'above' ? v > limit : v < limit);
/** Back on the safe side of the threshold by at least the deadband. */
const recovered = (comparison: Comparison, limit: number, deadband: number, v: number) =>
  comparison === 'above' ? v <= limit - deadband : v >= limit + deadband;

interface Verdict {
  readonly raise?: string;
  readonly clear?: string;
}

/** Judges one new reading; returns what to do and the condition's updated memory. */
function judge(c: AlertCondition, s: EvaluationState, r: ReadingToEvaluate): { verdict: Verdict; memory: Partial<EvaluationState> } {
  const open = s.openAlertId !== null;
  switch (c.type) {
    case 'threshold': {
      if (!open && breached(c.comparison, c.value, r.value)) return { verdict: { raise: `${r.value} is ${c.comparison} ${c.value}` }, memory: {} };
      if (open && recovered(c.comparison, c.value, c.deadband, r.value)) return { verdict: { clear: `${r.value} is back within ${c.value} ∓ deadband ${c.deadband}` }, memory: {} };
      return { verdict: {}, memory: {} };
    }
    case 'duration': {
      const isBreached = breached(c.comparison, c.value, r.value);
      const breachSince = isBreached ? (s.breachSince ?? r.ts) : null;
      if (!open && breachSince !== null && r.ts - breachSince >= c.seconds * 1000) {
        return { verdict: { raise: `${c.comparison} ${c.value} for ${Math.round((r.ts - breachSince) / 1000)} s (last ${r.value})` }, memory: { breachSince } };
      }
      if (open && recovered(c.comparison, c.value, c.deadband, r.value)) return { verdict: { clear: `${r.value} is back within ${c.value} ∓ deadband ${c.deadband}` }, memory: { breachSince } };
      return { verdict: {}, memory: { breachSince } };
    }
    case 'rateOfChange': {
      if (s.lastTs === null || s.lastValue === null || r.ts <= s.lastTs) return { verdict: {}, memory: {} };
      const rate = (r.value - s.lastValue) / ((r.ts - s.lastTs) / 60_000);
      const fast = c.direction === 'rising' ? rate > c.perMinute : c.direction === 'falling' ? rate < -c.perMinute : Math.abs(rate) > c.perMinute;
      const text = `${rate >= 0 ? '+' : ''}${round(rate)} per minute`;
      if (!open && fast) return { verdict: { raise: `changing at ${text} (limit ${c.perMinute})` }, memory: {} };
      if (open && !fast) return { verdict: { clear: `changing at ${text}, within ${c.perMinute}` }, memory: {} };
      return { verdict: {}, memory: {} };
    }
    case 'anomaly': {
      const windowMs = c.windowMinutes * 60_000;
      const moments = windowMoments(s.window, r.ts, windowMs);
      const sd = standardDeviation(moments);
      const window = addToWindow(s.window, r.ts, r.value, windowMs);
      if (moments.n < c.minSamples || sd === undefined || sd === 0) return { verdict: {}, memory: { window } };
      const z = (r.value - moments.mean) / sd;
      const text = `z = ${round(z)} (mean ${round(moments.mean)}, sd ${round(sd)}, ${moments.n} readings)`;
      if (!open && Math.abs(z) > c.k) return { verdict: { raise: `${r.value} is anomalous: ${text}` }, memory: { window } };
      if (open && Math.abs(z) <= c.k) return { verdict: { clear: `${r.value} is back to normal: ${text}` }, memory: { window } };
      return { verdict: {}, memory: { window } };
    }
    case 'noData':
      return open ? { verdict: { clear: 'data is arriving again' }, memory: {} } : { verdict: {}, memory: {} };
    case 'leak':
      // Judged on the night line by the leak detector, never on one reading.
      return { verdict: {}, memory: {} };
    case 'transient':
      // Judged on high-rate bursts (`#domain/leaks/transient-alerts`), never on readings.
      return { verdict: {}, memory: {} };
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Evaluates newly received readings of one sensor against one rule.
 * @param receivedAt server time the readings were received, epoch ms
 * @param newAlertId makes the id of an alert about to be raised
 */
export function evaluateReadings(
  condition: AlertCondition,
  stored: EvaluationState | undefined,
  readings: readonly ReadingToEvaluate[],
  receivedAt: number,
  newAlertId: () => string,
): Evaluation {
  let state = stateFor(condition, stored);
  const transitions: Transition[] = [];
  let skipped = 0;
  let evaluated = 0;
  for (const r of [...readings].sort((a, b) => a.ts - b.ts)) {
    if (state.lastTs !== null && r.ts <= state.lastTs) {
      skipped++;
      continue;
    }
    evaluated++;
    const { verdict, memory } = judge(condition, state, r);
    state = { ...state, ...memory, lastTs: r.ts, lastValue: r.value, lastReceivedAt: Math.max(receivedAt, state.lastReceivedAt ?? 0) };
    if (verdict.raise !== undefined) {
      const alertId = newAlertId();
      state = { ...state, openAlertId: alertId };
      transitions.push({ kind: 'raise', at: r.ts, value: r.value, reason: verdict.raise, alertId, state });
    } else if (verdict.clear !== undefined && state.openAlertId !== null) {
      const alertId = state.openAlertId;
      state = { ...state, openAlertId: null, ...(condition.type === 'duration' ? { breachSince: null } : {}) };
      transitions.push({ kind: 'clear', at: r.ts, value: r.value, reason: verdict.clear, alertId, state });
    }
  }
  // A no-data rule needs to know data arrived even when every reading was already seen.
  if (evaluated === 0 && readings.length > 0 && condition.type === 'noData' && (state.lastReceivedAt ?? 0) < receivedAt) {
    state = { ...state, lastReceivedAt: receivedAt };
  }
  return { transitions, state, skipped };
}

/**
 * The schedule's check of a no-data rule: raises when nothing was received for the
 * rule's minutes (counted from `since` when the pair never received anything, e.g.
 * the rule's creation).
 */
export function evaluateSilence(condition: AlertCondition, stored: EvaluationState | undefined, now: number, since: number, newAlertId: () => string): Transition | undefined {
  if (condition.type !== 'noData') return undefined;
  const state = stateFor(condition, stored);
  if (state.openAlertId !== null) return undefined;
  const last = state.lastReceivedAt ?? since;
  const silentMs = now - last;
  if (silentMs < condition.minutes * 60_000) return undefined;
  const alertId = newAlertId();
  return {
    kind: 'raise',
    at: now,
    value: null,
    reason: `no data for ${Math.floor(silentMs / 60_000)} min (${describeCondition(condition)})`,
    alertId,
    state: { ...state, openAlertId: alertId },
  };
}
