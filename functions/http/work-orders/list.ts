import type { z } from 'zod';
import { listWorkOrders as list } from '#application/work-orders/list-work-orders';
import { caller, pageResult } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { workOrdersRoutes } from '#lib/model/routes/work-orders';
import type { ListWorkOrdersQuery } from '#lib/model/schemas/work-orders';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** A client user always gets its own client's work orders, whatever `clientId` it asks for. */
export async function listWorkOrders({ query, principal }: HttpRequest<unknown, z.infer<typeof ListWorkOrdersQuery>>) {
  return pageResult(await list(caller(principal), query));
}

export const handler = httpRoute(findRoute(workOrdersRoutes, 'listWorkOrders'), listWorkOrders);
