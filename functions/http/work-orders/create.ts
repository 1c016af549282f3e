import { openWorkOrder } from '#adapters/dynamodb/open-work-order';
import type { NewWorkOrder } from '#domain/work-orders';
import { findRoute } from '#lib/model/find-route';
import { workOrdersRoutes } from '#lib/model/routes/work-orders';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

/** Opens a work order with its `work_order.created` event in one transaction. */
export async function createWorkOrder({ body, principal }: HttpRequest<unknown, unknown, NewWorkOrder>) {
  const who = caller(principal);
  const workOrder = await openWorkOrder(who.tenantId, body, who.username ?? who.subject);
  return resourceResult(workOrder, 201, { Location: `/v1/work-orders/${workOrder.id}` });
}

export const handler = httpRoute(findRoute(workOrdersRoutes, 'createWorkOrder'), createWorkOrder);
