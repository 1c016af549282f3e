import type { Principal } from '#domain/principal';
import type { NewWorkOrder, WorkOrder } from '#domain/work-orders';
import { openWorkOrder } from './open-work-order';

/** A work order opened by hand. Steps: open it (placed, with its `work_order.created` event: {@link openWorkOrder}) in the caller's name. */
export async function createWorkOrder(who: Principal, input: NewWorkOrder): Promise<WorkOrder> {
  return openWorkOrder(who.tenantId, input, who.username ?? who.subject);
}
