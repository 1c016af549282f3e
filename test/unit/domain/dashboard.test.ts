import { describe, expect, it } from 'vitest';
import {
  backlog,
  bookedMinutesFromEstimates,
  countBy,
  meanTimeBetweenFailuresHours,
  meanTimeToRepairHours,
  preventiveCompliance,
  startOfWeek,
  loggedMinutesByTechnician,
  technicianUtilisation,
  workOrderCounts,
} from '#domain/dashboard';
import { newWorkOrder, type WorkOrder } from '#domain/work-orders';

const NOW = '2026-12-05T10:00:00.000Z'; // a Saturday
const place = { assetId: 'A1', siteId: 'S1', clientId: 'C1' };
let n = 0;
const wo = (over: Partial<WorkOrder>): WorkOrder => ({ ...newWorkOrder(`W${n++}`, { title: 't', type: 'corrective' }, place, 'm', '2026-12-01T00:00:00.000Z'), ...over });

describe('dashboard KPIs', () => {
  it('starts the week on Monday, UTC', () => {
    expect(startOfWeek(NOW)).toBe('2026-11-30T00:00:00.000Z');
    expect(startOfWeek('2026-11-30T00:00:00.000Z')).toBe('2026-11-30T00:00:00.000Z');
  });

  it('counts work orders by state, overdue, critical and completed this week', () => {
    const counts = workOrderCounts(
      [
        wo({ status: 'open', dueAt: '2026-12-04T00:00:00.000Z', priority: 'critical' }),
        wo({ status: 'open', dueAt: '2026-12-09T00:00:00.000Z' }),
        wo({ status: 'scheduled', dueAt: '2026-12-09T00:00:00.000Z' }),
        wo({ status: 'in_progress', dueAt: '2026-12-05T09:00:00.000Z' }),
        wo({ status: 'on_hold', dueAt: '2026-12-09T00:00:00.000Z', priority: 'critical' }),
        wo({ status: 'completed', completedAt: '2026-12-01T10:00:00.000Z', priority: 'critical' }),
        wo({ status: 'closed', completedAt: '2026-11-28T10:00:00.000Z' }),
      ],
      NOW,
    );
    expect(counts).toEqual({ open: 2, scheduled: 1, inProgress: 1, onHold: 1, overdue: 2, critical: 2, completedThisWeek: 1 });
  });

  it('computes MTTR from completed corrective work orders only', () => {
    expect(
      meanTimeToRepairHours([
        wo({ createdAt: '2026-12-01T00:00:00.000Z', completedAt: '2026-12-01T04:00:00.000Z', status: 'completed' }),
        wo({ createdAt: '2026-12-02T00:00:00.000Z', completedAt: '2026-12-02T08:00:00.000Z', status: 'closed' }),
        wo({ type: 'preventive', createdAt: '2026-12-02T00:00:00.000Z', completedAt: '2026-12-05T00:00:00.000Z' }),
        wo({ status: 'open' }),
      ]),
    ).toBe(6);
    expect(meanTimeToRepairHours([])).toBeNull();
  });

  it('computes MTBF per asset from the gaps between corrective work orders', () => {
    expect(
      meanTimeBetweenFailuresHours([
        wo({ assetId: 'A1', createdAt: '2026-12-01T00:00:00.000Z' }),
        wo({ assetId: 'A1', createdAt: '2026-12-03T00:00:00.000Z' }),
        wo({ assetId: 'A1', createdAt: '2026-12-02T00:00:00.000Z' }),
        wo({ assetId: 'A2', createdAt: '2026-12-02T00:00:00.000Z' }),
        wo({ assetId: 'A2', createdAt: '2026-12-04T00:00:00.000Z', type: 'inspection' }),
      ]),
    ).toEqual({ A1: 24 });
  });

  it('measures preventive compliance as done on time over due', () => {
    const p = (over: Partial<WorkOrder>) => wo({ type: 'preventive', ...over });
    expect(
      preventiveCompliance(
        [
          p({ dueAt: '2026-12-02T00:00:00.000Z', completedAt: '2026-12-01T12:00:00.000Z', status: 'completed' }),
          p({ dueAt: '2026-12-02T00:00:00.000Z', completedAt: '2026-12-03T12:00:00.000Z', status: 'closed' }),
          p({ dueAt: '2026-12-03T00:00:00.000Z', status: 'open' }),
          p({ dueAt: '2026-12-03T00:00:00.000Z', status: 'cancelled' }),
          p({ dueAt: '2026-12-20T00:00:00.000Z', status: 'open' }),
        ],
        NOW,
      ),
    ).toEqual({ due: 3, onTime: 1, ratio: 0.3333 });
    expect(preventiveCompliance([], NOW).ratio).toBeNull();
  });

  it('sums the backlog from estimates and counts the work without one', () => {
    expect(backlog([wo({ estimatedMinutes: 90 }), wo({ estimatedMinutes: 30, status: 'on_hold' }), wo({ estimatedMinutes: null }), wo({ estimatedMinutes: 600, status: 'completed' })])).toEqual({
      hours: 2,
      withoutEstimate: 1,
    });
  });

  it('computes utilisation from booked over available minutes', () => {
    const booked = bookedMinutesFromEstimates(
      [
        wo({ assignedTechnicianId: 'T1', scheduledStart: '2026-12-01T08:00:00.000Z', estimatedMinutes: 270 }),
        wo({ assignedTechnicianId: 'T1', scheduledStart: '2026-12-08T08:00:00.000Z', estimatedMinutes: 999 }),
        wo({ assignedTechnicianId: 'T1', scheduledStart: '2026-12-02T08:00:00.000Z', estimatedMinutes: 100, status: 'cancelled' }),
      ],
      '2026-11-30T00:00:00.000Z',
      '2026-12-07T00:00:00.000Z',
    );
    expect(technicianUtilisation(booked, new Map([['T1', 2700], ['T2', 0]]))).toEqual([
      { technicianId: 'T1', bookedMinutes: 270, loggedMinutes: 0, availableMinutes: 2700, ratio: 0.1 },
      { technicianId: 'T2', bookedMinutes: 0, loggedMinutes: 0, availableMinutes: 0, ratio: null },
    ]);
  });

  it('puts the minutes logged in time entries beside the booked ones, per technician', () => {
    const logged = loggedMinutesByTechnician([
      { technicianId: 'T1', minutes: 90 },
      { technicianId: 'T2', minutes: 30 },
      { technicianId: 'T1', minutes: 45 },
    ]);
    expect(technicianUtilisation(new Map([['T1', 270]]), new Map([['T1', 2700], ['T2', 600]]), logged)).toEqual([
      { technicianId: 'T1', bookedMinutes: 270, loggedMinutes: 135, availableMinutes: 2700, ratio: 0.1 },
      { technicianId: 'T2', bookedMinutes: 0, loggedMinutes: 30, availableMinutes: 600, ratio: 0 },
    ]);
  });

  it('counts by a key', () => {
    expect(countBy([{ s: 'a' }, { s: 'b' }, { s: 'a' }], (x) => x.s)).toEqual({ a: 2, b: 1 });
  });
});
