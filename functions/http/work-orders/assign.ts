import { ulid } from 'ulid';
import { getTechnician } from '#adapters/dynamodb/technicians-repository';
import { commitAssignment, entriesBetween, readBookingClock } from '#adapters/dynamodb/schedule-repository';
import { getWorkOrder } from '#adapters/dynamodb/work-orders-repository';
import { ASSIGNABLE_STATUSES, describeConflict, scheduleConflicts, scheduleEntryFor, slotEnd, type Slot } from '#domain/scheduling';
import { canSeeWorkOrder, type WorkOrder } from '#domain/work-orders';
import { findRoute } from '#lib/model/find-route';
import { workOrdersRoutes } from '#lib/model/routes/work-orders';
import { etagOf } from '#http-stack/etag';
import { Conflict, NotFound } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, visibleOr404 } from '#http-stack/resources';

interface AssignmentRequest extends Slot {
  technicianId: string;
}

/**
 * Steps: load the work order (open or scheduled) and the active technician; read the
 * technician's booking clock, then their visits around the slot; refuse with 409
 * `SCHEDULE_CONFLICT` listing every conflict; otherwise commit the work order
 * (`scheduled`, assignee, start), its history entry, `work_order.assigned` (and
 * `work_order.status_changed` when it was open), the schedule entry and the clock in one
 * transaction. A reassignment replaces the previous entry.
 */
export async function assignWorkOrder({ params, body, principal }: HttpRequest<{ id: string }, unknown, AssignmentRequest>) {
  const who = caller(principal);
  const workOrder = visibleOr404(await getWorkOrder(who.tenantId, params.id), (w) => canSeeWorkOrder(who, w), 'WorkOrder', params.id);
  if (!ASSIGNABLE_STATUSES.includes(workOrder.status)) {
    throw new Conflict(`A ${workOrder.status} work order cannot be assigned`, 'NOT_ASSIGNABLE', { allowedStatuses: ASSIGNABLE_STATUSES });
  }
  const technician = await getTechnician(who.tenantId, body.technicianId);
  if (!technician) throw new NotFound('Technician', body.technicianId);
  if (!technician.active) throw new Conflict(`Technician ${technician.id} is inactive`, 'TECHNICIAN_INACTIVE');
  const slot = { start: body.start, durationMinutes: body.durationMinutes };
  const clockVersion = await readBookingClock(who.tenantId, technician.id);
  const others = await entriesBetween(who.tenantId, { technicianId: technician.id, from: slot.start, to: slotEnd(slot) });
  const conflicts = scheduleConflicts(technician, others, workOrder.id, slot);
  if (conflicts.length > 0) {
    throw new Conflict(`${technician.name} cannot take this visit: ${conflicts.map(describeConflict).join('; ')}`, 'SCHEDULE_CONFLICT', { conflicts });
  }
  const now = new Date().toISOString();
  const by = who.username ?? who.subject;
  const entry = scheduleEntryFor(workOrder, technician.id, slot, by, now);
  const scheduled: WorkOrder = { ...workOrder, status: 'scheduled', assignedTechnicianId: technician.id, scheduledStart: entry.start, version: workOrder.version + 1, updatedAt: now };
  const assignee = { technicianId: technician.id, technicianUserId: technician.userId, name: technician.name };
  const events = [
    { id: ulid(), type: 'work_order.assigned', occurredAt: now, tenant: who.tenantId, data: { workOrderId: workOrder.id, ...assignee, start: entry.start, end: entry.end, by, workOrder: scheduled } },
    ...(workOrder.status === 'open'
      ? [{ id: ulid(), type: 'work_order.status_changed', occurredAt: now, tenant: who.tenantId, data: { workOrderId: workOrder.id, from: 'open', to: 'scheduled', by, comment: null, workOrder: scheduled } }]
      : []),
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
  return { status: 200, body: { entry, workOrder: scheduled }, etag: etagOf(scheduled.version), audit: { resourceId: workOrder.id, before: workOrder, after: scheduled } };
}

export const handler = httpRoute(findRoute(workOrdersRoutes, 'assignWorkOrder'), assignWorkOrder);
