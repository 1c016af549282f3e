import { getWorkOrder as loadWorkOrder } from '#adapters/dynamodb/work-orders-repository';
import { canSeeWorkOrder } from '#domain/work-orders';
import { findRoute } from '#lib/model/find-route';
import { workOrdersRoutes } from '#lib/model/routes/work-orders';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult, visibleOr404 } from '#http-stack/resources';

export async function getWorkOrder({ params, principal }: HttpRequest<{ id: string }>) {
  const who = caller(principal);
  return resourceResult(visibleOr404(await loadWorkOrder(who.tenantId, params.id), (w) => canSeeWorkOrder(who, w), 'WorkOrder', params.id));
}

export const handler = httpRoute(findRoute(workOrdersRoutes, 'getWorkOrder'), getWorkOrder);
