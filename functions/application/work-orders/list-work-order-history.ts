import { listWorkOrderHistory as queryHistory } from '#adapters/dynamodb/work-orders-repository';
import type { Page } from '#adapters/dynamodb/query-page';
import type { PageAsk } from '#application/pages';
import type { Principal } from '#domain/principal';
import type { WorkOrderHistoryEntry } from '#domain/work-orders';
import { getWorkOrder } from './get-work-order';

/** A page of a work order's history, oldest first. Steps: the work order must be visible to the caller; query its history. */
export async function listWorkOrderHistory(who: Principal, id: string, page: PageAsk): Promise<Page<WorkOrderHistoryEntry>> {
  await getWorkOrder(who, id);
  return queryHistory(who.tenantId, id, page);
}
