import { getWorkOrder, updateWorkOrder as saveWorkOrder } from '#adapters/dynamodb/work-orders-repository';
import type { Principal } from '#domain/principal';
import { applyWorkOrderPatch, type WorkOrder, type WorkOrderPatch } from '#domain/work-orders';
import { Conflict } from '#platform/errors';
import { foundOrNotFound, type VersionCheck, type Change } from '#application/visible';

/**
 * Edits a work order. Steps:
 *   1. load it (staff only reach this use case: no client confinement);
 *   2. the caller's precondition on the version read;
 *   3. refuse edits of finished work (closed, cancelled: 409 WORK_ORDER_FINISHED) and
 *      checklist replacement once work started (409 CHECKLIST_LOCKED);
 *   4. apply the patch and save conditioned on the version read.
 */
export async function updateWorkOrder(who: Principal, id: string, patch: WorkOrderPatch, precondition: VersionCheck): Promise<Change<WorkOrder>> {
  const workOrder = foundOrNotFound(await getWorkOrder(who.tenantId, id), 'WorkOrder', id);
  precondition(workOrder);
  if (workOrder.status === 'closed' || workOrder.status === 'cancelled') throw new Conflict(`A ${workOrder.status} work order cannot be changed`, 'WORK_ORDER_FINISHED');
  if (patch.checklist && !['open', 'scheduled'].includes(workOrder.status)) throw new Conflict('The checklist cannot be replaced once work has started', 'CHECKLIST_LOCKED');
  const updated = applyWorkOrderPatch(workOrder, patch, new Date().toISOString());
  await saveWorkOrder(who.tenantId, updated, workOrder.version);
  return { before: workOrder, after: updated };
}
