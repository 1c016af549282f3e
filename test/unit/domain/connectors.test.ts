import { describe, expect, it } from 'vitest';
import {
  afterRun,
  completedWorkOrderId,
  labourLines,
  movedSlot,
  applyConnectorPatch,
  completedRun,
  isSyncDue,
  newConnector,
  payCodeOf,
  previousMonth,
  retryDelayMs,
  startedRun,
  takesEvent,
} from '#domain/connectors';

const at = '2026-11-21T09:30:00.000Z';

describe('payCodeOf', () => {
  it('is on call first, then weekend, then night (21:00-06:00), else normal', () => {
    expect(payCodeOf({ start: '2026-11-07T10:00:00Z', onCall: true })).toBe('on_call');
    expect(payCodeOf({ start: '2026-11-07T10:00:00Z' })).toBe('weekend'); // Saturday
    expect(payCodeOf({ start: '2026-11-08T23:00:00Z' })).toBe('weekend'); // Sunday night
    expect(payCodeOf({ start: '2026-11-09T21:00:00Z' })).toBe('night');
    expect(payCodeOf({ start: '2026-11-09T05:59:00Z' })).toBe('night');
    expect(payCodeOf({ start: '2026-11-09T06:00:00Z' })).toBe('normal');
    expect(payCodeOf({ start: '2026-11-09T20:59:00Z' })).toBe('normal');
  });
  it('reads the time in the tenant offset', () => {
    // 20:30 UTC is 21:30 in Paris (UTC+1 in November): night.
    expect(payCodeOf({ start: '2026-11-09T20:30:00Z' }, 60)).toBe('night');
    // Friday 23:30 UTC is Saturday 00:30 in Paris: weekend.
    expect(payCodeOf({ start: '2026-11-06T23:30:00Z' }, 60)).toBe('weekend');
  });
});

describe('isSyncDue', () => {
  const now = new Date('2026-12-01T00:10:00Z');
  it('is due when never synced, and never for Slack or a disabled connector', () => {
    expect(isSyncDue({ type: 'silae', enabled: true, lastSyncAt: null }, now)).toBe(true);
    expect(isSyncDue({ type: 'slack', enabled: true, lastSyncAt: null }, now)).toBe(false);
    expect(isSyncDue({ type: 'silae', enabled: false, lastSyncAt: null }, now)).toBe(false);
  });
  it('turns with each connector period (month, day, hour)', () => {
    expect(isSyncDue({ type: 'silae', enabled: true, lastSyncAt: '2026-11-01T00:10:00Z' }, now)).toBe(true);
    expect(isSyncDue({ type: 'silae', enabled: true, lastSyncAt: '2026-12-01T00:05:00Z' }, now)).toBe(false);
    expect(isSyncDue({ type: 'sage_100', enabled: true, lastSyncAt: '2026-11-30T23:59:00Z' }, now)).toBe(true);
    expect(isSyncDue({ type: 'sage_100', enabled: true, lastSyncAt: '2026-12-01T00:01:00Z' }, now)).toBe(false);
    expect(isSyncDue({ type: 'dropbox', enabled: true, lastSyncAt: '2026-12-01T00:00:00Z' }, now)).toBe(false);
    expect(isSyncDue({ type: 'dropbox', enabled: true, lastSyncAt: '2026-11-30T23:59:00Z' }, now)).toBe(true);
  });
});

describe('runs and connectors', () => {
  const connector = newConnector('c1', { type: 'slack', enabled: true, config: { a: '1' } }, true, at);
  it('ends a run failed when it has errors, with the errors cut', () => {
    const run = startedRun('r1', 'c1', 'event', 'e1', at);
    const failed = completedRun(run, { records: 0, errors: ['x'.repeat(600)] }, '2026-11-21T09:30:01.000Z');
    expect(failed).toMatchObject({ status: 'failed', completed: '2026-11-21T09:30:01.000Z' });
    expect(failed.errors[0]).toHaveLength(500);
    expect(afterRun(connector, failed)).toMatchObject({ syncStatus: 'failed', lastSyncAt: '2026-11-21T09:30:01.000Z', lastError: 'x'.repeat(500) });
    expect(completedRun(run, { records: 3, errors: [] }, at)).toMatchObject({ status: 'succeeded', records: 3 });
  });
  it('merges settings on a patch and moves the version', () => {
    const after = applyConnectorPatch(connector, { config: { b: '2' }, enabled: false }, true, at);
    expect(after).toMatchObject({ config: { a: '1', b: '2' }, enabled: false, version: 2 });
  });
  it('takes the events of its type only, when enabled', () => {
    expect(takesEvent(connector, 'alert.raised')).toBe(true);
    expect(takesEvent(connector, 'forecast.completed')).toBe(false);
    expect(takesEvent({ ...connector, enabled: false }, 'alert.raised')).toBe(false);
    expect(takesEvent({ ...connector, type: 'silae' }, 'alert.raised')).toBe(false);
  });
});

describe('retryDelayMs and previousMonth', () => {
  it("waits the provider's Retry-After (capped), else exponential backoff with jitter", () => {
    expect(retryDelayMs(1, 3, 0.5)).toBe(3000);
    expect(retryDelayMs(1, 120, 0.5)).toBe(20_000);
    expect(retryDelayMs(1, undefined, 0.999)).toBe(499);
    expect(retryDelayMs(3, undefined, 0.999)).toBe(1998);
    expect(retryDelayMs(3, undefined, 0)).toBe(0);
  });
  it('gives the month before', () => {
    expect(previousMonth(new Date('2026-01-01T01:00:00Z'))).toBe('2025-12');
    expect(previousMonth(new Date('2026-12-01T00:00:00Z'))).toBe('2026-11');
  });
});

describe('movedSlot', () => {
  it('is nothing for the visit its own times (an echo), else the new slot', () => {
    const visit = { scheduledStart: '2026-11-24T08:00:00.000Z', durationMinutes: 120 };
    expect(movedSlot(visit, { start: '2026-11-24T09:00:00+01:00', end: '2026-11-24T11:00:00+01:00' })).toBeUndefined();
    expect(movedSlot(visit, { start: '2026-11-24T10:00:00+01:00', end: '2026-11-24T11:00:00+01:00' })).toEqual({ start: '2026-11-24T09:00:00.000Z', durationMinutes: 60 });
    expect(movedSlot(visit, { start: '2026-11-24T10:00:00Z', end: '2026-11-24T09:00:00Z' })).toBeUndefined();
  });
});

describe('labourLines and completedWorkOrderId', () => {
  it('bills hours per technician at the rate', () => {
    expect(labourLines({ title: 'WO' }, [{ technicianName: 'Bo', minutes: 50 }, { technicianName: 'Ana', minutes: 90 }, { technicianName: 'Bo', minutes: 10 }], 60)).toEqual([
      { description: 'WO - Ana', hours: 1.5, unitPrice: 60, amount: 90 },
      { description: 'WO - Bo', hours: 1, unitPrice: 60, amount: 60 },
    ]);
  });
  it('names the work order of a completion only', () => {
    expect(completedWorkOrderId({ type: 'work_order.status_changed', data: { workOrderId: 'w', to: 'completed' } })).toBe('w');
    expect(completedWorkOrderId({ type: 'work_order.status_changed', data: { workOrderId: 'w', to: 'closed' } })).toBeUndefined();
    expect(completedWorkOrderId({ type: 'work_order.created', data: { workOrderId: 'w', to: 'completed' } })).toBeUndefined();
  });
});
