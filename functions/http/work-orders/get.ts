import type { z } from 'zod';
import { getWorkOrder as read } from '#application/work-orders/get-work-order';
import { caller, resourceResult } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { workOrdersRoutes } from '#lib/model/routes/work-orders';
import type { IdParams } from '#lib/model/schemas/common';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export async function getWorkOrder({ params, principal }: HttpRequest<z.infer<typeof IdParams>>) {
  return resourceResult(await read(caller(principal), params.id));
}

export const handler = httpRoute(findRoute(workOrdersRoutes, 'getWorkOrder'), getWorkOrder);
