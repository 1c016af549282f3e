import { describe, expect, it } from 'vitest';
import { initialState } from '#domain/alerts/evaluate';
import type { TransientCondition } from '#domain/alerts/rules';
import { METRES_PER_BAR, transientLimit, transientTransition } from '#domain/leaks/transient-alerts';
import type { PressureTransient } from '#domain/leaks/transients';

const condition: TransientCondition = { type: 'transient', limitM: 20 };
const START = Date.UTC(2026, 11, 2, 3, 14);
const event = (amplitudeM: number, startS = 3): PressureTransient => ({
  startS,
  durationS: 0.8,
  kind: 'drop',
  baselineM: 45,
  minM: 45 - amplitudeM / 2,
  maxM: 45 + amplitudeM / 2,
  dropM: amplitudeM / 2,
  riseM: amplitudeM / 2,
  amplitudeM,
  reboundM: amplitudeM / 2,
  open: false,
});
let n = 0;
const ids = () => `ALERT${n++}`;

describe('transientLimit', () => {
  it("takes the zone's limit when it sets one, else the rule's", () => {
    expect(transientLimit(condition, 12)).toEqual({ limitM: 12, source: 'zone' });
    expect(transientLimit(condition, null)).toEqual({ limitM: 20, source: 'rule' });
    expect(transientLimit(condition, undefined)).toEqual({ limitM: 20, source: 'rule' });
  });
});

describe('transientTransition', () => {
  const limit = transientLimit(condition, null);

  it('raises on the largest event over the limit, at its time, when no alert is open', () => {
    const t = transientTransition(condition, undefined, [event(8, 1), event(31, 4.5), event(25, 6)], limit, START, START + 10_000, ids)!;
    expect(t).toMatchObject({ kind: 'raise', at: START + 4500, value: 31 });
    expect(t.reason).toContain('2 over it');
    expect(t.state.openAlertId).toBe(t.alertId);
  });

  it('adds nothing while its alert is open (repeats grouped), and nothing for events under the limit', () => {
    const open = { ...initialState(condition), openAlertId: 'A1', version: 3 };
    expect(transientTransition(condition, open, [event(40)], limit, START, START + 10_000, ids)).toBeUndefined();
    expect(transientTransition(condition, undefined, [event(19.9)], limit, START, START + 10_000, ids)).toBeUndefined();
  });

  it('clears its open alert on a burst with nothing over the limit', () => {
    const open = { ...initialState(condition), openAlertId: 'A1', version: 3 };
    const t = transientTransition(condition, open, [event(5)], limit, START, START + 10_000, ids)!;
    expect(t).toMatchObject({ kind: 'clear', alertId: 'A1', at: START + 10_000, value: null });
    expect(t.state).toMatchObject({ openAlertId: null, version: 3 });
  });

  it('converts bar to metres of head at about 10.2 m per bar', () => {
    expect(METRES_PER_BAR).toBeCloseTo(10.22, 2);
  });
});
