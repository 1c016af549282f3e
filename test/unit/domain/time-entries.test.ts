import { describe, expect, it } from 'vitest';
import type { Principal } from '#domain/principal';
import { csvField, csvRecord, CSV_HEADER, entrySpan, mayLogFor, monthsBetween, newTimeEntry, startsBeforeWorkOrder, timeEntryCsvRecord } from '#domain/time-entries';

const NOW = '2026-12-05T10:00:00.000Z';
const user = (role: Principal['role']): Principal => ({ kind: 'user', subject: `${role}-sub`, username: `${role}@x`, tenantId: 't', role, scopes: [] });

describe('time entry spans', () => {
  it('takes an end or a number of minutes', () => {
    expect(entrySpan({ start: '2026-12-05T08:00:00Z', end: '2026-12-05T09:30:00+00:00' }, NOW)).toEqual({ ok: true, start: '2026-12-05T08:00:00.000Z', end: '2026-12-05T09:30:00.000Z', minutes: 90 });
    expect(entrySpan({ start: '2026-12-05T08:00:00+01:00', minutes: 45 }, NOW)).toEqual({ ok: true, start: '2026-12-05T07:00:00.000Z', end: '2026-12-05T07:45:00.000Z', minutes: 45 });
  });
  it('refuses both or neither, an end not after the start, more than 24 h and the future', () => {
    expect(entrySpan({ start: '2026-12-05T08:00:00Z' }, NOW)).toMatchObject({ ok: false, refusal: { path: 'body' } });
    expect(entrySpan({ start: '2026-12-05T08:00:00Z', end: '2026-12-05T09:00:00Z', minutes: 60 }, NOW)).toMatchObject({ ok: false });
    expect(entrySpan({ start: '2026-12-05T08:00:00Z', end: '2026-12-05T08:00:00Z' }, NOW)).toMatchObject({ ok: false, refusal: { path: 'body.end', message: 'must be after start' } });
    expect(entrySpan({ start: '2026-12-05T08:00:00Z', end: '2026-12-05T07:00:00Z' }, NOW)).toMatchObject({ ok: false, refusal: { path: 'body.end' } });
    expect(entrySpan({ start: '2026-12-03T08:00:00Z', end: '2026-12-04T08:01:00Z' }, NOW)).toMatchObject({ ok: false, refusal: { message: 'an entry is at most 24 hours' } });
    expect(entrySpan({ start: '2026-12-03T08:00:00Z', end: '2026-12-04T08:00:00Z' }, NOW)).toMatchObject({ ok: true, minutes: 1440 });
    expect(entrySpan({ start: '2026-12-05T09:00:00Z', end: '2026-12-05T10:04:59Z' }, NOW)).toMatchObject({ ok: true });
    expect(entrySpan({ start: '2026-12-05T09:00:00Z', end: '2026-12-05T10:05:01Z' }, NOW)).toMatchObject({ ok: false, refusal: { message: 'must not be in the future' } });
    expect(entrySpan({ start: '2026-12-05T09:30:00Z', minutes: 60 }, NOW)).toMatchObject({ ok: false, refusal: { path: 'body.minutes' } });
  });
});

describe('time entries and their work order', () => {
  it('refuses a start before the work order was opened, beyond five minutes of clock skew', () => {
    const opened = '2026-12-05T08:00:00.000Z';
    expect(startsBeforeWorkOrder('2026-12-05T06:00:00Z', opened)).toBe(true);
    expect(startsBeforeWorkOrder('2026-12-05T07:54:59Z', opened)).toBe(true);
    expect(startsBeforeWorkOrder('2026-12-05T07:55:00Z', opened)).toBe(false);
    expect(startsBeforeWorkOrder('2026-12-05T08:00:00Z', opened)).toBe(false);
    expect(startsBeforeWorkOrder('2026-12-05T09:00:00+01:00', opened)).toBe(false);
    expect(startsBeforeWorkOrder('2026-12-05T08:54:00+01:00', opened)).toBe(true);
  });
});

describe('who logs time', () => {
  it('lets managers log for anyone and technicians only for themselves', () => {
    expect(mayLogFor(user('manager'), undefined, 'T1')).toBe(true);
    expect(mayLogFor(user('admin'), undefined, 'T1')).toBe(true);
    expect(mayLogFor(user('technician'), 'T1', 'T1')).toBe(true);
    expect(mayLogFor(user('technician'), 'T2', 'T1')).toBe(false);
    expect(mayLogFor(user('technician'), undefined, 'T1')).toBe(false);
    expect(mayLogFor(user('client'), 'T1', 'T1')).toBe(false);
  });
});

describe('payroll CSV', () => {
  it('quotes as RFC 4180 asks', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(90)).toBe('90');
    expect(csvRecord(['a', 'b'])).toBe('a,b\r\n');
  });
  it('defuses cells a spreadsheet would run as formulas', () => {
    expect(csvField('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvField('+33 4 72')).toBe("'+33 4 72");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tx')).toBe("'\tx");
  });
  it('writes one record per entry in the header order', () => {
    expect(CSV_HEADER.join(',')).toBe('technician_id,technician,work_order_id,work_order,start,end,minutes,note');
    const e = newTimeEntry('E1', { start: '2026-12-05T08:00:00.000Z', end: '2026-12-05T09:00:00.000Z', minutes: 60 }, { technicianId: 'T1', start: 'x', note: '=1+1, done' }, { workOrder: { id: 'W1', title: 'Pompe "P2"', clientId: null }, technicianName: 'Théo', createdBy: 'm' }, NOW);
    expect(timeEntryCsvRecord(e)).toBe(`T1,Théo,W1,"Pompe ""P2""",2026-12-05T08:00:00.000Z,2026-12-05T09:00:00.000Z,60,"'=1+1, done"\r\n`);
  });
  it('lists the months a range touches', () => {
    expect(monthsBetween('2026-11-15T00:00:00Z', '2026-12-01T00:00:00Z')).toEqual(['2026-11']);
    expect(monthsBetween('2026-11-15T00:00:00Z', '2027-01-02T00:00:00Z')).toEqual(['2026-11', '2026-12', '2027-01']);
  });
});
