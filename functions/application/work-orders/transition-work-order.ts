/**
 * Moves a work order through its workflow. Steps:
 *   1. load the work order (visible to the caller) and check the caller's precondition
 *      on the version read;
 *   2. find the caller's technician profile (technicians act only on work assigned to them);
 *   3. let the workflow decide (`transition`); a refusal becomes its typed error
 *      ({@link refuseTransition});
 *   4. save the work order, its history entry and its `work_order.status_changed` event
 *      in one transaction, with the asset's maintenance dates when preventive or
 *      corrective work on it is completed ({@link saveTransition}: retried when the asset changed);
 *   5. the booked visit follows the new status (a cancelled one reads CANCELLED in calendars);
 *   6. a completed inspection with failed items opens one linked corrective work order.
 */
import { ulid } from 'ulid';
import { getAsset } from '#adapters/dynamodb/assets-repository';
import { plansOfAsset } from '#adapters/dynamodb/maintenance-plans-repository';
import { syncEntryStatus } from '#adapters/dynamodb/schedule-repository';
import { findTechnicianByUser } from '#adapters/dynamodb/technicians-repository';
import { updateWorkOrderMaintaining } from '#adapters/dynamodb/work-order-changes';
import { refuseTransition } from '#application/refusals';
import type { VersionCheck, Change } from '#application/visible';
import { isMaintenanceWork, maintainedAsset, type Asset } from '#domain/assets';
import type { DomainEvent } from '#domain/events';
import type { Principal } from '#domain/principal';
import { correctiveFor, transition, workOrderStatusChangedEvent, type TransitionRequest, type WorkOrder, type WorkOrderHistoryEntry } from '#domain/work-orders';
import { Conflict } from '#platform/errors';
import { getWorkOrder } from './get-work-order';
import { openWorkOrder } from './open-work-order';

/** How many times a completion is written when the asset it maintained keeps changing. */
const MAX_ATTEMPTS = 3;

export async function transitionWorkOrder(who: Principal, id: string, request: TransitionRequest, precondition: VersionCheck): Promise<WorkOrder> {
  const workOrder = await getWorkOrder(who, id);
  precondition(workOrder);
  const technician = who.role === 'technician' ? await findTechnicianByUser(who.tenantId, [who.username, who.subject]) : undefined;
  const now = new Date().toISOString();
  const outcome = transition({ principal: who, ...(technician ? { technicianId: technician.id } : {}) }, workOrder, request, now);
  if (!outcome.ok) return refuseTransition(outcome.refusal, workOrder, request, who);
  const event = workOrderStatusChangedEvent(ulid(), who.tenantId, { from: workOrder.status, by: outcome.entry.by, comment: outcome.entry.comment }, outcome.workOrder, now);
  await saveTransition(who.tenantId, { before: workOrder, after: outcome.workOrder }, outcome.entry, event, now);
  if (outcome.workOrder.assignedTechnicianId) await syncEntryStatus(who.tenantId, outcome.workOrder);
  if (outcome.failedItems.length > 0) {
    // Once per inspection: a re-completed inspection keeps its first corrective work order.
    await openWorkOrder(who.tenantId, correctiveFor(outcome.workOrder, outcome.failedItems), outcome.entry.by, {
      now,
      onceKey: `inspection#${workOrder.id}`,
      placement: { assetId: workOrder.assetId, siteId: workOrder.siteId, clientId: workOrder.clientId },
    }).catch((error: unknown) => {
      if (!(error instanceof Conflict && error.code === 'WORK_ORDER_EXISTS')) throw error;
    });
  }
  return outcome.workOrder;
}

/**
 * The asset's change when this transition completes maintenance work on it (preventive
 * or corrective: `isMaintenanceWork`): `lastMaintenanceAt` is the completion time and
 * `nextMaintenanceAt` follows from it and the asset's plans. None otherwise.
 */
async function assetMaintenance(tenantId: string, workOrder: Change<WorkOrder>, now: string): Promise<Change<Asset> | undefined> {
  const { before, after } = workOrder;
  if (after.status !== 'completed' || before.status === 'completed' || !after.assetId || !isMaintenanceWork(after.type)) return undefined;
  const asset = await getAsset(tenantId, after.assetId, { consistent: true });
  if (!asset) return undefined; // the asset was deleted since the work order was opened
  const plans = await plansOfAsset(tenantId, asset.id);
  return { before: asset, after: maintainedAsset(asset, after.completedAt ?? now, plans, now) };
}

/**
 * Saves the work order (and the asset it maintained) in one transaction. The asset write
 * is conditioned on the asset's version: when the asset changed in between (a patch, a
 * plan), the asset is read again and the transaction retried, so a completion is never
 * refused because someone edited the asset.
 */
async function saveTransition(tenantId: string, workOrder: Change<WorkOrder>, history: Omit<WorkOrderHistoryEntry, 'id'>, event: DomainEvent, now: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const asset = await assetMaintenance(tenantId, workOrder, now);
    try {
      await updateWorkOrderMaintaining(tenantId, workOrder.after, workOrder.before.version, { history, events: [event] }, asset);
      return;
    } catch (error) {
      // A changed work order (VersionConflict) is retried by httpRoute on a fresh read; a conflict with an asset write here.
      if (!(error instanceof Conflict) || !asset || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
