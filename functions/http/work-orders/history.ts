import type { z } from 'zod';
import { listWorkOrderHistory } from '#application/work-orders/list-work-order-history';
import { caller, pageResult } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { workOrdersRoutes } from '#lib/model/routes/work-orders';
import type { IdParams, PageQuery } from '#lib/model/schemas/common';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export async function workOrderHistory({ params, query, principal }: HttpRequest<z.infer<typeof IdParams>, z.infer<typeof PageQuery>>) {
  return pageResult(await listWorkOrderHistory(caller(principal), params.id, query));
}

export const handler = httpRoute(findRoute(workOrdersRoutes, 'listWorkOrderHistory'), workOrderHistory);
