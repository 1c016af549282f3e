import { getWorkOrder as loadWorkOrder } from '#adapters/dynamodb/work-orders-repository';
import type { Principal } from '#domain/principal';
import { canSeeWorkOrder, type WorkOrder } from '#domain/work-orders';
import { visibleOrNotFound } from '#application/visible';

/**
 * A work order the caller may see. Steps: load it; NotFound when it does not exist or
 * belongs to another client than a client user's. Every use case acting on one work
 * order starts here.
 */
export async function getWorkOrder(who: Principal, id: string): Promise<WorkOrder> {
  return visibleOrNotFound(await loadWorkOrder(who.tenantId, id), (w) => canSeeWorkOrder(who, w), 'WorkOrder', id);
}
