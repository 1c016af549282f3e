import { getWorkOrder, listWorkOrderHistory } from '#adapters/dynamodb/work-orders-repository';
import { canSeeWorkOrder } from '#domain/work-orders';
import { findRoute } from '#lib/model/find-route';
import { workOrdersRoutes } from '#lib/model/routes/work-orders';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult, visibleOr404 } from '#http-stack/resources';

export async function workOrderHistory({ params, query, principal }: HttpRequest<{ id: string }, { limit: number; cursor?: string }>) {
  const who = caller(principal);
  visibleOr404(await getWorkOrder(who.tenantId, params.id), (w) => canSeeWorkOrder(who, w), 'WorkOrder', params.id);
  return pageResult(await listWorkOrderHistory(who.tenantId, params.id, query));
}

export const handler = httpRoute(findRoute(workOrdersRoutes, 'listWorkOrderHistory'), workOrderHistory);
