import { listWorkOrders as queryWorkOrders, type WorkOrderQuery } from '#adapters/dynamodb/work-orders-repository';
import { confinedClientId } from '#domain/principal';
import { findRoute } from '#lib/model/find-route';
import { workOrdersRoutes } from '#lib/model/routes/work-orders';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

/** A client user always gets its own client's work orders, whatever `clientId` it asks for. */
export async function listWorkOrders({ query, principal }: HttpRequest<unknown, WorkOrderQuery>) {
  const who = caller(principal);
  const confined = confinedClientId(who);
  if (confined && query.clientId && query.clientId !== confined) return pageResult({ items: [], nextCursor: null });
  return pageResult(await queryWorkOrders(who.tenantId, { ...query, clientId: confined ?? query.clientId }));
}

export const handler = httpRoute(findRoute(workOrdersRoutes, 'listWorkOrders'), listWorkOrders);
