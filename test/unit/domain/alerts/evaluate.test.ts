import { describe, expect, it } from 'vitest';
import { evaluateReadings, evaluateSilence, initialState, type EvaluationState, type ReadingToEvaluate } from '#domain/alerts/evaluate';
import type { AlertCondition } from '#domain/alerts/rules';

const T0 = Date.UTC(2026, 10, 21, 9, 0, 0);
const NOW = T0 + 3_600_000;
let seq = 0;
const newId = () => `A${++seq}`;
const at = (seconds: number, value: number): ReadingToEvaluate => ({ ts: T0 + seconds * 1000, value });

/** Feeds readings one message at a time, committing state as the worker does; returns the transitions. */
function run(condition: AlertCondition, messages: ReadingToEvaluate[][], start?: EvaluationState) {
  let state = start;
  const kinds: string[] = [];
  for (const readings of messages) {
    const out = evaluateReadings(condition, state, readings, NOW, newId);
    kinds.push(...out.transitions.map((t) => t.kind));
    state = { ...out.state, version: (state?.version ?? 0) + out.transitions.length + 1 };
  }
  return { kinds, state: state as EvaluationState };
}

describe('threshold with deadband', () => {
  const above: AlertCondition = { type: 'threshold', comparison: 'above', value: 8.5, deadband: 0.3 };

  it('raises once when the value goes above, however long it stays there', () => {
    const { kinds, state } = run(above, [[at(0, 7), at(10, 8.6), at(20, 9), at(30, 9.4)]]);
    expect(kinds).toEqual(['raise']);
    expect(state.openAlertId).not.toBeNull();
  });

  it('does not clear inside the deadband (hysteresis), clears below threshold minus deadband', () => {
    const { kinds } = run(above, [[at(0, 9)], [at(10, 8.4)], [at(20, 8.3)], [at(30, 8.6)], [at(40, 8.2)], [at(50, 8.7)]]);
    // 8.4 and 8.3 are under 8.5 but within the 0.3 deadband: still open; 8.2 clears; 8.7 raises again.
    expect(kinds).toEqual(['raise', 'clear', 'raise']);
  });

  it('a value exactly at the threshold does not raise; exactly at threshold - deadband clears', () => {
    expect(run(above, [[at(0, 8.5)]]).kinds).toEqual([]);
    const c: AlertCondition = { type: 'threshold', comparison: 'above', value: 10, deadband: 2 };
    expect(run(c, [[at(0, 11)], [at(1, 8)]]).kinds).toEqual(['raise', 'clear']);
  });

  it('below: mirrors above', () => {
    const below: AlertCondition = { type: 'threshold', comparison: 'below', value: 0.2, deadband: 0.1 };
    expect(run(below, [[at(0, 0.5), at(10, 0.1), at(20, 0.25), at(30, 0.31)]]).kinds).toEqual(['raise', 'clear']);
  });

  it('evaluates a message in timestamp order whatever the order of its readings', () => {
    expect(run(above, [[at(30, 8), at(10, 9), at(20, 8.1)]]).kinds).toEqual(['raise', 'clear']);
  });
});

describe('idempotence', () => {
  const above: AlertCondition = { type: 'threshold', comparison: 'above', value: 5, deadband: 0 };

  it('a message delivered twice raises nothing the second time and changes no state', () => {
    const burst = [at(0, 6), at(1, 7), at(2, 8)];
    const first = evaluateReadings(above, undefined, burst, NOW, newId);
    expect(first.transitions.map((t) => t.kind)).toEqual(['raise']);
    const stored = { ...first.state, version: 2 };
    const again = evaluateReadings(above, stored, burst, NOW, newId);
    expect(again.transitions).toEqual([]);
    expect(again.skipped).toBe(3);
    expect(again.state).toBe(stored);
  });

  it('a late reading older than the last evaluated one is skipped', () => {
    const { kinds } = run(above, [[at(10, 4)], [at(5, 9)]]);
    expect(kinds).toEqual([]);
  });

  it('raises at most one alert per pair: an open alert is never raised again', () => {
    const { kinds } = run(above, [[at(0, 9)], [at(1, 9)], [at(2, 10)]]);
    expect(kinds).toEqual(['raise']);
  });

  it('each transition carries the state to commit with it', () => {
    const out = evaluateReadings(above, undefined, [at(0, 9), at(1, 1)], NOW, newId);
    expect(out.transitions.map((t) => [t.kind, t.state.lastTs, t.state.openAlertId === null])).toEqual([
      ['raise', T0, false],
      ['clear', T0 + 1000, true],
    ]);
    expect(out.transitions[1]?.alertId).toBe(out.transitions[0]?.alertId);
  });
});

describe('duration', () => {
  const d: AlertCondition = { type: 'duration', comparison: 'above', value: 3, deadband: 0.5, seconds: 60 };

  it('raises only once the condition held for the duration', () => {
    expect(run(d, [[at(0, 4), at(30, 4), at(59, 4)]]).kinds).toEqual([]);
    expect(run(d, [[at(0, 4), at(30, 4), at(60, 4)]]).kinds).toEqual(['raise']);
  });

  it('a dip under the threshold restarts the clock', () => {
    expect(run(d, [[at(0, 4), at(40, 2.9), at(50, 4), at(100, 4)]]).kinds).toEqual([]);
    expect(run(d, [[at(0, 4), at(40, 2.9), at(50, 4), at(110, 4)]]).kinds).toEqual(['raise']);
  });

  it('remembers the start of a breach across messages, clears past the deadband', () => {
    expect(run(d, [[at(0, 4)], [at(30, 4)], [at(61, 4)], [at(70, 2.8)], [at(80, 2.4)]]).kinds).toEqual(['raise', 'clear']);
  });
});

describe('rate of change', () => {
  it('raises when the change per minute exceeds the magnitude, clears when it calms down', () => {
    const c: AlertCondition = { type: 'rateOfChange', perMinute: 1, direction: 'either' };
    // +0.5/min, then -3/min (raise), then +0.2/min (clear)
    expect(run(c, [[at(0, 10), at(60, 10.5), at(120, 7.5), at(180, 7.7)]]).kinds).toEqual(['raise', 'clear']);
  });

  it('honours the direction and uses the elapsed time between readings', () => {
    const rising: AlertCondition = { type: 'rateOfChange', perMinute: 1, direction: 'rising' };
    expect(run(rising, [[at(0, 10), at(60, 5)]]).kinds).toEqual([]);
    expect(run(rising, [[at(0, 10), at(30, 10.6)]]).kinds).toEqual(['raise']); // 0.6 in 30 s = 1.2/min
    expect(run(rising, [[at(0, 10), at(120, 11.8)]]).kinds).toEqual([]); // 0.9/min
  });

  it('needs a previous reading: the first reading never raises', () => {
    expect(run({ type: 'rateOfChange', perMinute: 0.001, direction: 'either' }, [[at(0, 1000)]]).kinds).toEqual([]);
  });
});

describe('statistical anomaly', () => {
  const c: AlertCondition = { type: 'anomaly', k: 3, windowMinutes: 60, minSamples: 10 };
  const noisy = (n: number, from = 0) => Array.from({ length: n }, (_, i) => at(from + i * 60, 7 + (i % 2 === 0 ? 0.1 : -0.1)));

  it('raises when |z| > k against the trailing window, clears when back to normal', () => {
    const { kinds } = run(c, [noisy(30), [at(30 * 60, 9)], [at(31 * 60, 7.05)]]);
    expect(kinds).toEqual(['raise', 'clear']);
  });

  it('judges nothing before the window holds minSamples readings', () => {
    expect(run(c, [noisy(5), [at(5 * 60, 50)]]).kinds).toEqual([]);
  });

  it('a value within k standard deviations raises nothing', () => {
    expect(run(c, [noisy(30), [at(30 * 60, 7.25)]]).kinds).toEqual([]);
  });

  it('only the trailing window counts: an old regime is forgotten', () => {
    // Two hours at 100, then an hour at 7: 7.05 is normal against the last hour.
    const old = Array.from({ length: 120 }, (_, i) => at(i * 60, 100 + (i % 2 ? 1 : -1)));
    const recent = Array.from({ length: 60 }, (_, i) => at((120 + i) * 60, 7 + (i % 2 ? 0.1 : -0.1)));
    const { kinds } = run(c, [old, recent.slice(0, 1)]);
    expect(kinds).toEqual(['raise']); // the drop from 100 to 7 is an anomaly
    const after = run(c, [old, recent, [at(181 * 60, 7.05)]]);
    expect(after.kinds.at(-1)).toBe('clear');
  });

  it('keeps the window in the state across messages', () => {
    const { state } = run(c, [noisy(10), noisy(10, 600)]);
    expect(state.window.buckets.reduce((n, b) => n + b.n, 0)).toBe(20);
  });
});

describe('no data', () => {
  const c: AlertCondition = { type: 'noData', minutes: 15 };

  it('raises once nothing was received for the minutes given, counted from `since` when never seen', () => {
    expect(evaluateSilence(c, undefined, T0 + 14 * 60_000, T0, newId)).toBeUndefined();
    const t = evaluateSilence(c, undefined, T0 + 15 * 60_000, T0, newId);
    expect(t?.kind).toBe('raise');
    expect(t?.state.openAlertId).toBe(t?.alertId);
  });

  it('counts from the last reception, raises only once, and the next reading clears', () => {
    const received = evaluateReadings(c, undefined, [at(0, 1)], T0, newId).state;
    expect(evaluateSilence(c, received, T0 + 10 * 60_000, 0, newId)).toBeUndefined();
    const raised = evaluateSilence(c, received, T0 + 16 * 60_000, 0, newId);
    expect(raised).toBeDefined();
    const open = { ...(raised as NonNullable<typeof raised>).state, version: 2 };
    expect(evaluateSilence(c, open, T0 + 60 * 60_000, 0, newId)).toBeUndefined();
    const back = evaluateReadings(c, open, [at(3600, 1)], T0 + 3_600_000, newId);
    expect(back.transitions.map((x) => x.kind)).toEqual(['clear']);
  });

  it('a redelivered message still counts as data received', () => {
    const first = evaluateReadings(c, undefined, [at(0, 1)], T0, newId).state;
    const again = evaluateReadings(c, { ...first, version: 1 }, [at(0, 1)], T0 + 20 * 60_000, newId).state;
    expect(again.lastReceivedAt).toBe(T0 + 20 * 60_000);
  });

  it('is only about no-data rules', () => {
    expect(evaluateSilence({ type: 'threshold', comparison: 'above', value: 1, deadband: 0 }, undefined, NOW, 0, newId)).toBeUndefined();
  });
});

describe('changing a rule condition', () => {
  it('forgets the memory built under the old condition but keeps the open alert and last reading', () => {
    const d: AlertCondition = { type: 'duration', comparison: 'above', value: 3, deadband: 0, seconds: 60 };
    const before = evaluateReadings(d, undefined, [at(0, 4)], NOW, newId).state;
    expect(before.breachSince).toBe(T0);
    const changed: AlertCondition = { ...d, seconds: 120 };
    const after = evaluateReadings(changed, { ...before, version: 1 }, [at(10, 4)], NOW, newId).state;
    expect(after.breachSince).toBe(T0 + 10_000);
    expect(initialState(changed).condition).toBe(after.condition);
  });
});
