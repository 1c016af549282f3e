import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { foldLine, icsCalendar, icsText, localClock, needsEscalation, rankCandidates, scheduleConflicts, type ScheduleEntry } from '#domain/scheduling';
import { newTechnician } from '#domain/technicians';

const now = '2026-03-01T00:00:00.000Z';
const paris = newTechnician('T1', { name: 'Ana', skills: ['hydraulics'] }, now); // Mon-Fri 08:00-17:00 Europe/Paris
const entry = (workOrderId: string, start: string, minutes: number, technicianId = 'T1'): ScheduleEntry => ({
  workOrderId,
  technicianId,
  start,
  end: new Date(Date.parse(start) + minutes * 60_000).toISOString(),
  durationMinutes: minutes,
  assignedAt: now,
  assignedBy: 'm',
  workOrder: { title: 'x', priority: 'normal', status: 'scheduled', siteId: null, assetId: null, clientId: null },
});

describe('working hours, in the technician zone', () => {
  it('accepts 08:00-17:00 Paris on both sides of the March DST change, and refuses one hour outside', () => {
    // Friday 27 March 2026 (UTC+1): 08:00 Paris = 07:00Z. Monday 30 March (UTC+2): 08:00 Paris = 06:00Z.
    expect(scheduleConflicts(paris, [], 'W', { start: '2026-03-27T07:00:00Z', durationMinutes: 540 })).toEqual([]);
    expect(scheduleConflicts(paris, [], 'W', { start: '2026-03-30T06:00:00Z', durationMinutes: 540 })).toEqual([]);
    expect(scheduleConflicts(paris, [], 'W', { start: '2026-03-30T07:00:00Z', durationMinutes: 540 })).toEqual([
      { kind: 'outside-working-hours', localStart: '2026-03-30T09:00', localEnd: '2026-03-30T18:00', timeZone: 'Europe/Paris' },
    ]);
  });

  it('refuses a weekend, an overnight visit and a day off, each named', () => {
    expect(scheduleConflicts(paris, [], 'W', { start: '2026-03-28T09:00:00Z', durationMinutes: 60 }).map((c) => c.kind)).toEqual(['outside-working-hours']);
    expect(scheduleConflicts(paris, [], 'W', { start: '2026-03-26T15:00:00Z', durationMinutes: 720 }).map((c) => c.kind)).toEqual(['outside-working-hours']);
    const away = { ...paris, daysOff: [{ from: '2026-03-26', to: '2026-03-27', reason: 'Formation' }] };
    expect(scheduleConflicts(away, [], 'W', { start: '2026-03-27T08:00:00Z', durationMinutes: 60 })).toEqual([{ kind: 'day-off', date: '2026-03-27', reason: 'Formation' }]);
  });
});

describe('overlaps', () => {
  const booked = [entry('A', '2026-03-26T08:00:00.000Z', 60), entry('B', '2026-03-26T10:00:00.000Z', 60, 'OTHER')];
  it('finds an overlap, not an adjacent visit, not another technician, not the work order itself', () => {
    expect(scheduleConflicts(paris, booked, 'W', { start: '2026-03-26T08:30:00Z', durationMinutes: 60 })).toEqual([
      { kind: 'overlap', workOrderId: 'A', start: '2026-03-26T08:00:00.000Z', end: '2026-03-26T09:00:00.000Z' },
    ]);
    expect(scheduleConflicts(paris, booked, 'W', { start: '2026-03-26T09:00:00Z', durationMinutes: 60 })).toEqual([]);
    expect(scheduleConflicts(paris, booked, 'W', { start: '2026-03-26T07:00:00Z', durationMinutes: 60 })).toEqual([]);
    expect(scheduleConflicts(paris, booked, 'W', { start: '2026-03-26T10:00:00Z', durationMinutes: 60 })).toEqual([]);
    expect(scheduleConflicts(paris, booked, 'A', { start: '2026-03-26T08:30:00Z', durationMinutes: 60 })).toEqual([]);
  });

  it('lets the slot of a cancelled or finished work order be booked again, not one on hold', () => {
    const slot = { start: '2026-03-26T08:30:00Z', durationMinutes: 60 };
    const withStatus = (status: ScheduleEntry['workOrder']['status']) => [{ ...booked[0]!, workOrder: { ...booked[0]!.workOrder, status } }];
    for (const status of ['cancelled', 'completed', 'closed'] as const) expect(scheduleConflicts(paris, withStatus(status), 'W', slot), status).toEqual([]);
    expect(scheduleConflicts(paris, withStatus('on_hold'), 'W', slot).map((c) => c.kind)).toEqual(['overlap']);
  });
});

describe('candidates', () => {
  it('ranks every required skill, then free, then the lighter week, with reasons', () => {
    const techs = [
      newTechnician('BUSY', { name: 'Busy', skills: ['hydraulics', 'leak-detection'] }, now),
      newTechnician('LOADED', { name: 'Loaded', skills: ['hydraulics', 'leak-detection'] }, now),
      newTechnician('LIGHT', { name: 'Light', skills: ['hydraulics', 'leak-detection'] }, now),
      newTechnician('HALF', { name: 'Half', skills: ['hydraulics'] }, now),
      { ...newTechnician('OFF', { name: 'Off', skills: ['hydraulics', 'leak-detection'] }, now), active: false },
    ];
    const entries: Record<string, ScheduleEntry[]> = {
      BUSY: [entry('X', '2026-03-26T09:00:00.000Z', 60, 'BUSY')],
      LOADED: [entry('Y', '2026-03-23T08:00:00.000Z', 480, 'LOADED')],
    };
    const ranked = rankCandidates({ id: 'W', requiredSkills: ['hydraulics', 'leak-detection'] }, techs, (id) => entries[id] ?? [], { start: '2026-03-26T09:00:00Z', durationMinutes: 60 });
    expect(ranked.map((c) => [c.rank, c.technicianId])).toEqual([[1, 'LIGHT'], [2, 'LOADED'], [3, 'BUSY'], [4, 'HALF']]);
    expect(ranked[1]).toMatchObject({ bookedMinutes: 480, available: true });
    expect(ranked[3]).toMatchObject({ skillMatch: 0.5, missingSkills: ['leak-detection'] });
    expect(ranked[3]!.reasons[0]).toBe('lacks leak-detection');
  });
});

describe('iCalendar', () => {
  it('escapes text and folds lines at 75 octets without splitting a character', () => {
    expect(icsText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
    const folded = foldLine(`SUMMARY:${'é'.repeat(60)}`);
    const lines = folded.split('\r\n');
    expect(lines.every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    expect(lines.map((l, i) => (i ? l.slice(1) : l)).join('')).toBe(`SUMMARY:${'é'.repeat(60)}`);
  });

  it('writes a calendar a standard parser reads back', () => {
    const text = icsCalendar('Ana', [entry('WO1', '2026-03-26T09:00:00.000Z', 90)], now);
    const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => [e.uid, e.startDate.toJSDate().toISOString(), e.endDate.toJSDate().toISOString()])).toEqual([
      ['WO1@hydrant', '2026-03-26T09:00:00.000Z', '2026-03-26T10:30:00.000Z'],
    ]);
  });
});

describe('escalation', () => {
  const wo = { priority: 'critical' as const, status: 'open' as const, assignedTechnicianId: null, createdAt: '2026-03-26T09:00:00.000Z' };
  it('is due 30 minutes after creation for an open, unassigned critical work order only', () => {
    expect(needsEscalation(wo, '2026-03-26T09:29:59.000Z')).toBe(false);
    expect(needsEscalation(wo, '2026-03-26T09:30:00.000Z')).toBe(true);
    expect(needsEscalation({ ...wo, priority: 'high' }, '2026-03-26T10:30:00.000Z')).toBe(false);
    expect(needsEscalation({ ...wo, status: 'scheduled', assignedTechnicianId: 'T' } as never, '2026-03-26T10:30:00.000Z')).toBe(false);
  });
});

it('reads the wall clock of an instant in a zone', () => {
  expect(localClock('2026-10-25T00:30:00Z', 'Europe/Paris')).toMatchObject({ date: '2026-10-25', weekday: 'sun', minutes: 150 });
});
