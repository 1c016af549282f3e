import type { z } from 'zod';
import { createWorkOrder as open } from '#application/work-orders/create-work-order';
import { caller, resourceResult } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { workOrdersRoutes } from '#lib/model/routes/work-orders';
import type { CreateWorkOrderBody } from '#lib/model/schemas/work-orders';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export async function createWorkOrder({ body, principal }: HttpRequest<unknown, unknown, z.infer<typeof CreateWorkOrderBody>>) {
  const workOrder = await open(caller(principal), body);
  return resourceResult(workOrder, 201, { Location: `/v1/work-orders/${workOrder.id}` });
}

export const handler = httpRoute(findRoute(workOrdersRoutes, 'createWorkOrder'), createWorkOrder);
