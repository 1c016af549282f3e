import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addInterval,
  advance,
  applyMaintenancePlanPatch,
  earliestDue,
  isDue,
  meterProjection,
  newMaintenancePlan,
  nextDue,
  opensAt,
  preventiveOnceKey,
  preventiveWorkOrder,
  type MaintenancePlan,
} from '#domain/maintenance-plans';

const NOW = '2026-01-31T08:00:00.000Z';
const ASSET = { id: 'A1', siteId: 'S1', clientId: 'C1' };
const HOUR = 3_600_000;

const plan = (over: Partial<Parameters<typeof newMaintenancePlan>[1]> = {}, latest?: { value: number; ts: number }): MaintenancePlan =>
  newMaintenancePlan('P1', { title: 'Révision pompe', template: { priority: 'normal', requiredSkills: ['hydraulics'] }, ...over }, ASSET, latest, NOW);

describe('calendar intervals', () => {
  it('adds days and weeks exactly', () => {
    expect(addInterval(NOW, { every: 10, unit: 'days' }, 1)).toBe('2026-02-10T08:00:00.000Z');
    expect(addInterval(NOW, { every: 2, unit: 'weeks' }, 3)).toBe('2026-03-14T08:00:00.000Z');
  });
  it('clamps months at the month end without drifting', () => {
    const monthly = { every: 1, unit: 'months' } as const;
    expect(addInterval(NOW, monthly, 1)).toBe('2026-02-28T08:00:00.000Z');
    expect(addInterval(NOW, monthly, 2)).toBe('2026-03-31T08:00:00.000Z');
    expect(addInterval(NOW, monthly, 3)).toBe('2026-04-30T08:00:00.000Z');
    expect(addInterval('2028-01-31T00:00:00.000Z', monthly, 1)).toBe('2028-02-29T00:00:00.000Z');
    expect(addInterval('2026-11-15T00:00:00.000Z', { every: 3, unit: 'months' }, 1)).toBe('2027-02-15T00:00:00.000Z');
    expect(addInterval('2026-06-30T00:00:00.000Z', { every: 6, unit: 'months' }, 4)).toBe('2028-06-30T00:00:00.000Z');
  });
  it('property: a month step lands in the right month, on the anchor day or the last day of a shorter month', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 10 }), (anchor, every, times) => {
        const out = new Date(addInterval(anchor.toISOString(), { every, unit: 'months' }, times));
        const months = out.getUTCFullYear() * 12 + out.getUTCMonth() - (anchor.getUTCFullYear() * 12 + anchor.getUTCMonth());
        expect(months).toBe(every * times);
        const lastDay = new Date(Date.UTC(out.getUTCFullYear(), out.getUTCMonth() + 1, 0)).getUTCDate();
        expect(out.getUTCDate()).toBe(Math.min(anchor.getUTCDate(), lastDay));
        expect(out.getUTCHours()).toBe(anchor.getUTCHours());
      }),
    );
  });
  it('property: due dates of successive cycles strictly increase', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), fc.integer({ min: 1, max: 12 }), fc.constantFrom('days', 'weeks', 'months' as const), (anchor, every, unit) => {
        let p = newMaintenancePlan('P', { title: 't', template: {}, calendar: { every, unit }, startsAt: anchor.toISOString() }, ASSET, undefined, NOW);
        let previous = '';
        for (let i = 0; i < 6; i++) {
          const due = nextDue(p, undefined)!;
          expect(due.dueAt > previous).toBe(true);
          previous = due.dueAt;
          p = { ...p, state: advance(p, due, undefined, `WO${i}`) };
        }
      }),
    );
  });
});

describe('meter', () => {
  const meter = { sensorId: 'RUNHOURS_P1', every: 500 };
  it('takes its baseline from the first reading and projects the rate since then', () => {
    const t0 = Date.parse(NOW);
    const p = plan({ meter }, { value: 1000, ts: t0 });
    expect(p.state.meterBaseline).toBe(1000);
    // 100 units in 10 h: 10 per hour, 400 more to go -> 40 h later.
    const proj = meterProjection(p, { value: 1100, ts: t0 + 10 * HOUR })!;
    expect(proj).toEqual({ threshold: 1500, reached: false, dueAt: new Date(t0 + 50 * HOUR).toISOString() });
    expect(meterProjection(p, { value: 1500, ts: t0 + 20 * HOUR })).toEqual({ threshold: 1500, reached: true, dueAt: new Date(t0 + 20 * HOUR).toISOString() });
  });
  it('gives no projection while the meter has not moved or has no baseline', () => {
    const p = plan({ meter });
    expect(p.state.meterBaseline).toBeNull();
    expect(nextDue(p, undefined)).toBeNull();
    const based = plan({ meter }, { value: 10, ts: 0 });
    expect(meterProjection(based, { value: 10, ts: HOUR })?.dueAt).toBeNull();
  });
  it('a reached meter is due at once, whatever the lead time', () => {
    const p = plan({ meter, leadTimeDays: 0 }, { value: 0, ts: 0 });
    const due = nextDue(p, { value: 600, ts: Date.parse(NOW) });
    expect(isDue(p, due, '2020-01-01T00:00:00.000Z')).toBe(true);
  });
  it('property: the projected due date is never before the reading and the projection is linear', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e6 }), fc.integer({ min: 1, max: 1e4 }), fc.integer({ min: 1, max: 1e4 }), fc.integer({ min: 1, max: 1000 }), (base, every, moved, hours) => {
        const p = plan({ meter: { sensorId: 'M', every } }, { value: base, ts: 0 });
        const latest = { value: base + Math.min(moved, every - 1 || 1), ts: hours * HOUR };
        const proj = meterProjection(p, latest)!;
        if (latest.value >= base + every) {
          expect(proj.reached).toBe(true);
          return;
        }
        const dueMs = Date.parse(proj.dueAt!);
        expect(dueMs).toBeGreaterThanOrEqual(latest.ts);
        const rate = (latest.value - base) / latest.ts;
        expect(Math.abs(base + rate * dueMs - (base + every))).toBeLessThan(1e-3 * every + 1);
      }),
    );
  });
});

describe('whichever comes first', () => {
  const t0 = Date.parse(NOW);
  it('takes the calendar when the meter is slower, and the meter when it is faster', () => {
    const p = plan({ calendar: { every: 30, unit: 'days' }, meter: { sensorId: 'M', every: 100 } }, { value: 0, ts: t0 });
    // slow meter: 1 per day -> due in 100 days, calendar in 30
    expect(nextDue(p, { value: 10, ts: t0 + 10 * 24 * HOUR })).toMatchObject({ by: 'calendar', dueAt: '2026-03-02T08:00:00.000Z' });
    // fast meter: 10 per day -> due on day 10
    expect(nextDue(p, { value: 50, ts: t0 + 5 * 24 * HOUR })).toMatchObject({ by: 'meter', dueAt: '2026-02-10T08:00:00.000Z' });
  });
  it('opens the lead time ahead of the due date', () => {
    const p = plan({ calendar: { every: 30, unit: 'days' }, leadTimeDays: 7 });
    const due = nextDue(p, undefined)!;
    expect(opensAt(due.dueAt, 7)).toBe('2026-02-23T08:00:00.000Z');
    expect(isDue(p, due, '2026-02-23T07:59:59.000Z')).toBe(false);
    expect(isDue(p, due, '2026-02-23T08:00:00.000Z')).toBe(true);
    expect(isDue({ ...p, enabled: false }, due, '2026-03-30T00:00:00.000Z')).toBe(false);
  });
  it('advances: a calendar cycle steps from the same anchor, a meter cycle re-anchors and resets both counters', () => {
    const p = plan({ calendar: { every: 1, unit: 'months' }, meter: { sensorId: 'M', every: 100 } }, { value: 0, ts: t0 });
    const byCalendar = nextDue(p, { value: 2, ts: t0 + 24 * HOUR })!;
    const s1 = advance(p, byCalendar, { value: 2, ts: t0 + 24 * HOUR }, "WO1");
    expect(s1).toMatchObject({ anchorAt: NOW, step: 2, meterBaseline: 2, cycle: 1, lastWorkOrderId: 'WO1', lastDueAt: '2026-02-28T08:00:00.000Z' });
    const p1 = { ...p, state: s1 };
    expect(nextDue(p1, undefined)?.dueAt).toBe('2026-03-31T08:00:00.000Z');
    const reached = nextDue(p1, { value: 130, ts: Date.parse('2026-03-05T00:00:00.000Z') })!;
    expect(reached.by).toBe('meter');
    const s2 = advance(p1, reached, { value: 130, ts: Date.parse('2026-03-05T00:00:00.000Z') }, 'WO2');
    expect(s2).toMatchObject({ anchorAt: '2026-03-05T00:00:00.000Z', step: 1, meterBaseline: 102, cycle: 2 });
    expect(nextDue({ ...p1, state: s2 }, undefined)?.dueAt).toBe('2026-04-05T00:00:00.000Z');
  });
  it('has one once-key per plan and cycle', () => {
    expect(preventiveOnceKey('P1', 3)).toBe('preventive#P1#3');
    expect(preventiveOnceKey('P1', 3)).not.toBe(preventiveOnceKey('P1', 4));
  });
});

describe('plans and their work orders', () => {
  it('builds the preventive work order from the template, due on the cycle date', () => {
    const p = plan({ calendar: { every: 3, unit: 'months' }, template: { priority: 'high', requiredSkills: ['hydraulics', 'hydraulics'], checklist: [{ label: 'Graissage', kind: 'pass_fail' }], estimatedMinutes: 90 } });
    const wo = preventiveWorkOrder(p, nextDue(p, undefined)!);
    expect(wo).toMatchObject({ type: 'preventive', source: 'preventive', sourceRef: 'P1', assetId: 'A1', priority: 'high', dueAt: '2026-04-30T08:00:00.000Z', requiredSkills: ['hydraulics'], estimatedMinutes: 90 });
    expect(wo.checklist).toEqual([{ label: 'Graissage', kind: 'pass_fail' }]);
  });
  it('patches keep the template fields not given and recompute the next due date', () => {
    const p = plan({ calendar: { every: 1, unit: 'months' }, template: { priority: 'high', requiredSkills: ['a'] } });
    const q = applyMaintenancePlanPatch(p, { calendar: { every: 2, unit: 'weeks' }, template: { priority: 'low' } }, undefined, NOW);
    expect(q).toMatchObject({ version: 2, nextDueAt: '2026-02-14T08:00:00.000Z', template: { priority: 'low', requiredSkills: ['a'] } });
  });
  it('the asset follows the earliest enabled plan', () => {
    expect(earliestDue([{ enabled: true, nextDueAt: '2026-03-01' }, { enabled: true, nextDueAt: '2026-02-01' }, { enabled: false, nextDueAt: '2026-01-01' }])).toBe('2026-02-01');
    expect(earliestDue([{ enabled: true, nextDueAt: null }])).toBeNull();
  });
});
