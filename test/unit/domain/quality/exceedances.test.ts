import { describe, expect, it } from 'vitest';
import { overlapMs, trackExceedances, type ExceedanceSubject, type TrackerState } from '#domain/quality/exceedances';
import type { AppliedBound } from '#domain/quality/limit-sets';

const subject: ExceedanceSubject = { origin: 'continuous', siteId: 'S', clientId: null, samplingPointId: 'P', sensorId: 'PH_1', parameter: 'ph', unit: 'pH' };
const max: AppliedBound = { value: 9.5, setId: 'eu-dwd-2020-2184', setName: 'EU DWD', source: 'Directive (EU) 2020/2184, Annex I, Part C', note: null };
const fresh: TrackerState = { lastTs: null, openId: null, version: 0 };
const T = Date.parse('2026-11-20T10:00:00Z');
const at = (minutes: number) => T + minutes * 60_000;
let n = 0;
const ids = () => `E${n++}`;

describe('tracking exceedances', () => {
  it('opens at the first observation beyond the limit, keeps the worst, closes at the first back within', () => {
    const step = trackExceedances(fresh, null, [7.5, 9.6, 9.9, 9.7, 9.2, 8].map((value, i) => ({ ts: at(i), value })), subject, 'max', max, ids, 'now');
    expect(step.changed).toHaveLength(1);
    expect(step.changed[0]).toMatchObject({ start: new Date(at(1)).toISOString(), end: new Date(at(4)).toISOString(), worst: { value: 9.9, at: new Date(at(2)).toISOString() }, observations: 3, limit: max, version: 1 });
    expect([step.opened.length, step.closed.length, step.state.openId, step.state.lastTs]).toEqual([1, 1, null, at(5)]);
  });

  it('stays open while it lasts, then continues from the stored state and its open exceedance', () => {
    const first = trackExceedances(fresh, null, [{ ts: at(0), value: 9.8 }], subject, 'max', max, ids, 'now');
    const open = first.changed[0]!;
    expect([open.end, first.state.openId]).toEqual([null, open.id]);
    const second = trackExceedances(first.state, open, [{ ts: at(1), value: 10.2 }, { ts: at(2), value: 9.4 }], subject, 'max', max, ids, 'later');
    expect(second.changed).toMatchObject([{ id: open.id, version: 2, worst: { value: 10.2 }, end: new Date(at(2)).toISOString(), observations: 2 }]);
    expect(second.opened).toEqual([]);
  });

  it('skips observations not newer than the last one judged (a redelivery)', () => {
    const first = trackExceedances(fresh, null, [{ ts: at(5), value: 9.8 }], subject, 'max', max, ids, 'now');
    const again = trackExceedances(first.state, first.changed[0]!, [{ ts: at(5), value: 9.8 }, { ts: at(4), value: 7 }], subject, 'max', max, ids, 'now');
    expect(again.changed).toEqual([]);
    expect(again.state.lastTs).toBe(at(5));
  });

  it('tracks a minimum the other way, and opens a second exceedance after the first ended', () => {
    const min: AppliedBound = { ...max, value: 6.5 };
    const step = trackExceedances(fresh, null, [6.4, 6.0, 7, 6.3].map((value, i) => ({ ts: at(i), value })), subject, 'min', min, ids, 'now');
    expect(step.changed.map((e) => [e.worst.value, e.end !== null])).toEqual([[6.0, true], [6.3, false]]);
  });

  it('takes the judgement of an observation when its value cannot say (a lab result below its LOQ)', () => {
    const step = trackExceedances(fresh, null, [{ ts: at(0), value: 6.5, beyond: true }], subject, 'min', { ...max, value: 6.5 }, ids, 'now');
    expect(step.opened).toHaveLength(1);
  });

  it('measures the time an exceedance covers in a period, an open one until now', () => {
    const e = { start: new Date(at(10)).toISOString(), end: new Date(at(40)).toISOString() };
    expect(overlapMs(e, at(0), at(20), at(100))).toBe(10 * 60_000);
    expect(overlapMs({ ...e, end: null }, at(0), at(60), at(30))).toBe(20 * 60_000);
    expect(overlapMs(e, at(50), at(60), at(100))).toBe(0);
  });
});
