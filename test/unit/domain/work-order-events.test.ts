import { describe, expect, it } from 'vitest';
import { newWorkOrder, workOrderAssignedEvent, workOrderCreatedEvent, workOrderStatusChangedEvent, type WorkOrder } from '#domain/work-orders';

const NOW = '2026-12-05T10:00:00.000Z';
const noPlace = { assetId: null, siteId: null, clientId: null };
const wo = (over: Partial<WorkOrder> = {}): WorkOrder => ({ ...newWorkOrder('WO1', { title: 'Fuite', type: 'corrective' }, noPlace, 'm', NOW), ...over });

describe('work order events', () => {
  it('work_order.created carries the work order as stored', () => {
    const workOrder = wo();
    expect(workOrderCreatedEvent('E1', 't1', workOrder, NOW)).toEqual({ id: 'E1', type: 'work_order.created', occurredAt: NOW, tenant: 't1', data: workOrder });
  });

  it('work_order.status_changed goes from the status given to the work order\'s new one, with who and why', () => {
    const scheduled = wo({ status: 'scheduled', version: 2 });
    const event = workOrderStatusChangedEvent('E2', 't1', { from: 'open', by: 'm@x', comment: 'demain' }, scheduled, NOW);
    expect(event).toEqual({
      id: 'E2',
      type: 'work_order.status_changed',
      occurredAt: NOW,
      tenant: 't1',
      data: { workOrderId: 'WO1', from: 'open', to: 'scheduled', by: 'm@x', comment: 'demain', workOrder: scheduled },
    });
  });

  it('work_order.assigned names the technician, the visit and who booked it', () => {
    const scheduled = wo({ status: 'scheduled', assignedTechnicianId: 'T1' });
    const assignment = { technicianId: 'T1', technicianUserId: 'u-tech', name: 'Ana', start: NOW, end: '2026-12-05T12:00:00.000Z', by: 'm@x' };
    const event = workOrderAssignedEvent('E3', 't1', assignment, scheduled, NOW);
    expect(event.type).toBe('work_order.assigned');
    expect(event.data).toEqual({ workOrderId: 'WO1', ...assignment, workOrder: scheduled });
    // The notification planner and webhook subscribers read these fields by name.
    expect(Object.keys(event.data)).toEqual(['workOrderId', 'technicianId', 'technicianUserId', 'name', 'start', 'end', 'by', 'workOrder']);
  });
});
