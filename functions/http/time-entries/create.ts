import { ulid } from 'ulid';
import { findTechnicianByUser, getTechnician } from '#adapters/dynamodb/technicians-repository';
import { createTimeEntry as saveTimeEntry } from '#adapters/dynamodb/time-entries-repository';
import { getWorkOrder } from '#adapters/dynamodb/work-orders-repository';
import { entrySpan, mayLogFor, newTimeEntry, startsBeforeWorkOrder, type NewTimeEntry } from '#domain/time-entries';
import { canSeeWorkOrder } from '#domain/work-orders';
import { findRoute } from '#lib/model/find-route';
import { timeEntriesRoutes } from '#lib/model/routes/time-entries';
import { Forbidden, Unprocessable, ValidationFailed } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult, visibleOr404 } from '#http-stack/resources';

/**
 * Steps: load the work order; a technician logs only for their own profile; the
 * technician must exist; the span must end after its start, last at most 24 h, not
 * end in the future and not start before the work order was opened; store the entry with the names the payroll export prints.
 */
export async function createTimeEntry({ params, body, principal }: HttpRequest<{ id: string }, unknown, NewTimeEntry>) {
  const who = caller(principal);
  const workOrder = visibleOr404(await getWorkOrder(who.tenantId, params.id), (w) => canSeeWorkOrder(who, w), 'WorkOrder', params.id);
  const own = who.role === 'technician' ? await findTechnicianByUser(who.tenantId, [who.username, who.subject]) : undefined;
  if (!mayLogFor(who, own?.id, body.technicianId)) throw new Forbidden('A technician logs time only for themself');
  const technician = own?.id === body.technicianId ? own : await getTechnician(who.tenantId, body.technicianId);
  if (!technician) throw new ValidationFailed('The technician does not exist', [{ path: 'body.technicianId', message: `no technician ${body.technicianId}` }]);
  const now = new Date().toISOString();
  const span = entrySpan(body, now);
  if (!span.ok) throw new ValidationFailed(`The time entry is not valid: ${span.refusal.message}`, [span.refusal]);
  if (startsBeforeWorkOrder(span.start, workOrder.createdAt)) {
    throw new Unprocessable(`The time entry starts before work order ${workOrder.id} was opened (${workOrder.createdAt})`, 'STARTS_BEFORE_WORK_ORDER');
  }
  const entry = newTimeEntry(ulid(), span, body, { workOrder, technicianName: technician.name, createdBy: who.username ?? who.subject }, now);
  await saveTimeEntry(who.tenantId, entry);
  return resourceResult(entry, 201);
}

export const handler = httpRoute(findRoute(timeEntriesRoutes, 'createTimeEntry'), createTimeEntry);
