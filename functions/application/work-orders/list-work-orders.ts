import { listWorkOrders as queryWorkOrders, type WorkOrderQuery } from '#adapters/dynamodb/work-orders-repository';
import type { Page } from '#adapters/dynamodb/query-page';
import type { Principal } from '#domain/principal';
import type { WorkOrder } from '#domain/work-orders';
import { confinedQuery } from '#application/visible';

/** A page of the tenant's work orders. Steps: confine a client user to its own client (another client's: an empty page); query. */
export async function listWorkOrders(who: Principal, query: WorkOrderQuery): Promise<Page<WorkOrder>> {
  const confined = confinedQuery(who, query);
  return confined ? queryWorkOrders(who.tenantId, confined) : { items: [], nextCursor: null };
}
