/**
 * Books a technician for a work order. Steps:
 *   1. load the work order (visible to the caller; open or scheduled, else 409
 *      NOT_ASSIGNABLE) and the technician (404; inactive: 409 TECHNICIAN_INACTIVE);
 *   2. read the technician's booking clock, then their visits around the slot; refuse
 *      with 409 SCHEDULE_CONFLICT listing every conflict ({@link refuseScheduleConflicts});
 *   3. commit in one transaction the work order (`scheduled`, assignee, start), its
 *      history entry, `work_order.assigned` (and `work_order.status_changed` when it was
 *      open), the schedule entry and the clock. A reassignment replaces the previous entry.
 */
import { ulid } from 'ulid';
import { commitAssignment, entriesBetween, readBookingClock } from '#adapters/dynamodb/schedule-repository';
import { getTechnician } from '#adapters/dynamodb/technicians-repository';
import { refuseScheduleConflicts } from '#application/refusals';
import type { Change } from '#application/visible';
import type { Principal } from '#domain/principal';
import { ASSIGNABLE_STATUSES, scheduleConflicts, scheduleEntryFor, slotEnd, type ScheduleEntry, type Slot } from '#domain/scheduling';
import { workOrderAssignedEvent, workOrderStatusChangedEvent, type WorkOrder } from '#domain/work-orders';
import { Conflict, NotFound } from '#platform/errors';
import { getWorkOrder } from './get-work-order';

export interface AssignmentRequest extends Slot {
  readonly technicianId: string;
}

export async function assignWorkOrder(who: Principal, id: string, request: AssignmentRequest): Promise<Change<WorkOrder> & { entry: ScheduleEntry }> {
  const workOrder = await getWorkOrder(who, id);
  if (!ASSIGNABLE_STATUSES.includes(workOrder.status)) {
    throw new Conflict(`A ${workOrder.status} work order cannot be assigned`, 'NOT_ASSIGNABLE', { allowedStatuses: ASSIGNABLE_STATUSES });
  }
  const technician = await getTechnician(who.tenantId, request.technicianId);
  if (!technician) throw new NotFound('Technician', request.technicianId);
  if (!technician.active) throw new Conflict(`Technician ${technician.id} is inactive`, 'TECHNICIAN_INACTIVE');
  const slot = { start: request.start, durationMinutes: request.durationMinutes };
  const clockVersion = await readBookingClock(who.tenantId, technician.id);
  const others = await entriesBetween(who.tenantId, { technicianId: technician.id, from: slot.start, to: slotEnd(slot) });
  const conflicts = scheduleConflicts(technician, others, workOrder.id, slot);
  if (conflicts.length > 0) refuseScheduleConflicts(technician, conflicts);
  const now = new Date().toISOString();
  const by = who.username ?? who.subject;
  const entry = scheduleEntryFor(workOrder, technician.id, slot, by, now);
  const scheduled: WorkOrder = { ...workOrder, status: 'scheduled', assignedTechnicianId: technician.id, scheduledStart: entry.start, version: workOrder.version + 1, updatedAt: now };
  const assignment = { technicianId: technician.id, technicianUserId: technician.userId, name: technician.name, start: entry.start, end: entry.end, by };
  const events = [
    workOrderAssignedEvent(ulid(), who.tenantId, assignment, scheduled, now),
    ...(workOrder.status === 'open' ? [workOrderStatusChangedEvent(ulid(), who.tenantId, { from: 'open', by, comment: null }, scheduled, now)] : []),
  ];
  const comment = `${workOrder.assignedTechnicianId && workOrder.assignedTechnicianId !== technician.id ? 'Reassigned' : 'Assigned'} to ${technician.name} for ${entry.start} (${entry.durationMinutes} min)`;
  await commitAssignment(who.tenantId, {
    workOrder: scheduled,
    readVersion: workOrder.version,
    entry,
    clockVersion,
    history: { workOrderId: workOrder.id, at: now, by, from: workOrder.status, to: 'scheduled', comment },
    events,
  });
  return { before: workOrder, after: scheduled, entry };
}
