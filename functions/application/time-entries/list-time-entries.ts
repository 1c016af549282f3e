import type { Page } from '#adapters/dynamodb/query-page';
import { listTimeEntries as queryTimeEntries } from '#adapters/dynamodb/time-entries-repository';
import type { PageAsk } from '#application/pages';
import { getWorkOrder } from '#application/work-orders/get-work-order';
import type { Principal } from '#domain/principal';
import type { TimeEntry } from '#domain/time-entries';

/** A page of a work order's time entries. Steps: the work order must be visible to the caller (a client user: its own client's); query its entries. */
export async function listTimeEntries(who: Principal, workOrderId: string, page: PageAsk): Promise<Page<TimeEntry>> {
  await getWorkOrder(who, workOrderId);
  return queryTimeEntries(who.tenantId, workOrderId, page);
}
