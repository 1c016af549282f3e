/**
 * Logs time on a work order. Steps:
 *   1. load the work order (visible to the caller);
 *   2. a technician logs only for their own profile (403); the technician must exist (400);
 *   3. the span must end after its start, last at most 24 h and not end in the future
 *      (400: {@link refuseTimeSpan}), and not start before the work order was opened
 *      (422 STARTS_BEFORE_WORK_ORDER);
 *   4. store the entry with the names the payroll export prints.
 */
import { ulid } from 'ulid';
import { findTechnicianByUser, getTechnician } from '#adapters/dynamodb/technicians-repository';
import { createTimeEntry as saveTimeEntry } from '#adapters/dynamodb/time-entries-repository';
import { refuseTimeSpan } from '#application/refusals';
import { getWorkOrder } from '#application/work-orders/get-work-order';
import type { Principal } from '#domain/principal';
import { entrySpan, mayLogFor, newTimeEntry, startsBeforeWorkOrder, type NewTimeEntry, type TimeEntry } from '#domain/time-entries';
import { Forbidden, Unprocessable, ValidationFailed } from '#platform/errors';

export async function createTimeEntry(who: Principal, workOrderId: string, input: NewTimeEntry): Promise<TimeEntry> {
  const workOrder = await getWorkOrder(who, workOrderId);
  const own = who.role === 'technician' ? await findTechnicianByUser(who.tenantId, [who.username, who.subject]) : undefined;
  if (!mayLogFor(who, own?.id, input.technicianId)) throw new Forbidden('A technician logs time only for themself');
  const technician = own?.id === input.technicianId ? own : await getTechnician(who.tenantId, input.technicianId);
  if (!technician) throw new ValidationFailed('The technician does not exist', [{ path: 'body.technicianId', message: `no technician ${input.technicianId}` }]);
  const now = new Date().toISOString();
  const span = entrySpan(input, now);
  if (!span.ok) return refuseTimeSpan(span.refusal);
  if (startsBeforeWorkOrder(span.start, workOrder.createdAt)) {
    throw new Unprocessable(`The time entry starts before work order ${workOrder.id} was opened (${workOrder.createdAt})`, 'STARTS_BEFORE_WORK_ORDER');
  }
  const entry = newTimeEntry(ulid(), span, input, { workOrder, technicianName: technician.name, createdBy: who.username ?? who.subject }, now);
  await saveTimeEntry(who.tenantId, entry);
  return entry;
}
