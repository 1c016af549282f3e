/**
 * Opening a work order, the step every source shares (the API, a failed inspection
 * item, the demo data). Steps:
 *   1. place it: an asset gives its site and client, a site its client;
 *   2. build it with its SLA due date;
 *   3. write it, its creation history entry and its `work_order.created` event in one
 *      transaction (with a once-key when a source must open at most one work order).
 */
import { ulid } from 'ulid';
import { getAsset } from '#adapters/dynamodb/assets-repository';
import { getSite } from '#adapters/dynamodb/sites-repository';
import { createWorkOrder } from '#adapters/dynamodb/work-orders-repository';
import { newWorkOrder, workOrderCreatedEvent, type NewWorkOrder, type Placement, type WorkOrder } from '#domain/work-orders';
import { ValidationFailed } from '#platform/errors';

/** Where a new work order is: its asset decides its site, its site decides its client. */
export async function placeWorkOrder(tenantId: string, input: Pick<NewWorkOrder, 'assetId' | 'siteId' | 'clientId'>): Promise<Placement> {
  if (input.assetId) {
    const asset = await getAsset(tenantId, input.assetId);
    if (!asset) throw new ValidationFailed('The asset does not exist', [{ path: 'body.assetId', message: `no asset ${input.assetId}` }]);
    if (input.siteId && input.siteId !== asset.siteId) throw new ValidationFailed('The asset is not on that site', [{ path: 'body.siteId', message: `asset ${asset.id} is on site ${asset.siteId}` }]);
    if (input.clientId && input.clientId !== asset.clientId) throw new ValidationFailed('The asset belongs to another client', [{ path: 'body.clientId', message: 'does not match the asset' }]);
    return { assetId: asset.id, siteId: asset.siteId, clientId: asset.clientId };
  }
  if (input.siteId) {
    const site = await getSite(tenantId, input.siteId);
    if (!site) throw new ValidationFailed('The site does not exist', [{ path: 'body.siteId', message: `no site ${input.siteId}` }]);
    if (input.clientId && input.clientId !== site.clientId) throw new ValidationFailed('The site belongs to another client', [{ path: 'body.clientId', message: 'does not match the site' }]);
    return { assetId: null, siteId: site.id, clientId: site.clientId };
  }
  return { assetId: null, siteId: null, clientId: input.clientId ?? null };
}

export async function openWorkOrder(
  tenantId: string,
  input: NewWorkOrder,
  createdBy: string,
  options: { now?: string; onceKey?: string; placement?: Placement } = {},
): Promise<WorkOrder> {
  const now = options.now ?? new Date().toISOString();
  const placement = options.placement ?? (await placeWorkOrder(tenantId, input));
  const workOrder = newWorkOrder(ulid(), input, placement, createdBy, now);
  await createWorkOrder(tenantId, workOrder, { events: [workOrderCreatedEvent(ulid(), tenantId, workOrder, now)], ...(options.onceKey ? { onceKey: options.onceKey } : {}) });
  return workOrder;
}
