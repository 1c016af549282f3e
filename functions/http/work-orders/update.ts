import { getWorkOrder, updateWorkOrder as saveWorkOrder } from '#adapters/dynamodb/work-orders-repository';
import { applyWorkOrderPatch, type WorkOrderPatch } from '#domain/work-orders';
import { findRoute } from '#lib/model/find-route';
import { workOrdersRoutes } from '#lib/model/routes/work-orders';
import { Conflict } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch, resourceResult, visibleOr404 } from '#http-stack/resources';

/**
 * Steps: load; check If-Match; refuse edits of finished work (closed, cancelled)
 * and checklist replacement once work started; save conditioned on the version read.
 */
export async function updateWorkOrder({ params, body, headers, principal }: HttpRequest<{ id: string }, unknown, WorkOrderPatch>) {
  const { tenantId } = caller(principal);
  const workOrder = visibleOr404(await getWorkOrder(tenantId, params.id), () => true, 'WorkOrder', params.id);
  checkIfMatch(headers['if-match'], workOrder);
  if (workOrder.status === 'closed' || workOrder.status === 'cancelled') throw new Conflict(`A ${workOrder.status} work order cannot be changed`, 'WORK_ORDER_FINISHED');
  if (body.checklist && !['open', 'scheduled'].includes(workOrder.status)) throw new Conflict('The checklist cannot be replaced once work has started', 'CHECKLIST_LOCKED');
  const updated = applyWorkOrderPatch(workOrder, body, new Date().toISOString());
  await saveWorkOrder(tenantId, updated, workOrder.version);
  return { ...resourceResult(updated), audit: { before: workOrder, after: updated } };
}

export const handler = httpRoute(findRoute(workOrdersRoutes, 'updateWorkOrder'), updateWorkOrder);
