import { ulid } from 'ulid';
import { assetScheduleUpdate, getAsset } from '#adapters/dynamodb/assets-repository';
import { plansOfAsset } from '#adapters/dynamodb/maintenance-plans-repository';
import { openWorkOrder } from '#adapters/dynamodb/open-work-order';
import { findTechnicianByUser } from '#adapters/dynamodb/technicians-repository';
import { syncEntryStatus } from '#adapters/dynamodb/schedule-repository';
import { getWorkOrder, updateWorkOrder } from '#adapters/dynamodb/work-orders-repository';
import { isMaintenanceWork, maintainedAsset } from '#domain/assets';
import { canSeeWorkOrder, correctiveFor, transition, type TransitionRequest, type WorkOrder } from '#domain/work-orders';
import { findRoute } from '#lib/model/find-route';
import { workOrdersRoutes } from '#lib/model/routes/work-orders';
import { Conflict, Forbidden, Unprocessable, ValidationFailed } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch, resourceResult, visibleOr404 } from '#http-stack/resources';

/**
 * Steps: load the work order; find the caller's technician profile (technicians act
 * only on work assigned to them); let the workflow decide; save the work order, its
 * history entry and its `work_order.status_changed` event in one transaction (with,
 * when preventive or corrective work on an asset is completed, the asset's
 * `lastMaintenanceAt` and recomputed `nextMaintenanceAt`: {@link assetMaintenanceItems});
 * a completed inspection with failed items opens a linked corrective work order.
 */
export async function transitionWorkOrder({ params, body, headers, principal }: HttpRequest<{ id: string }, unknown, TransitionRequest>) {
  const who = caller(principal);
  const workOrder = visibleOr404(await getWorkOrder(who.tenantId, params.id), (w) => canSeeWorkOrder(who, w), 'WorkOrder', params.id);
  checkIfMatch(headers['if-match'], workOrder);
  const technician = who.role === 'technician' ? await findTechnicianByUser(who.tenantId, [who.username, who.subject]) : undefined;
  const now = new Date().toISOString();
  const outcome = transition({ principal: who, ...(technician ? { technicianId: technician.id } : {}) }, workOrder, body, now);
  if (!outcome.ok) {
    const r = outcome.refusal;
    switch (r.kind) {
      case 'invalid':
        throw new Conflict(`A ${workOrder.status} work order cannot move to ${body.to}`, 'INVALID_TRANSITION', { allowed: r.allowed });
      case 'forbidden':
        throw new Forbidden(
          who.role === 'technician' ? 'Technicians start, hold, resume and complete only the work assigned to them' : `Your role cannot move this work order to ${body.to}`,
        );
      case 'incomplete':
        throw new Unprocessable(
          `Completion needs ${[r.missing.length ? `answers to ${r.missing.join(', ')}` : '', r.signatureMissing ? 'a signature' : ''].filter(Boolean).join(' and ')}`,
          'COMPLETION_INCOMPLETE',
        );
      case 'bad-answer':
        throw new ValidationFailed(r.detail, [{ path: 'body.checklist', message: r.detail }]);
    }
  }
  const event = {
    id: ulid(),
    type: 'work_order.status_changed',
    occurredAt: now,
    tenant: who.tenantId,
    data: { workOrderId: workOrder.id, from: workOrder.status, to: outcome.workOrder.status, by: outcome.entry.by, comment: outcome.entry.comment, workOrder: outcome.workOrder },
  };
  await saveTransition(who.tenantId, outcome.workOrder, workOrder, { history: outcome.entry, events: [event] }, now);
  // The booked visit shows the new status (a cancelled one reads CANCELLED in calendars).
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
  return resourceResult(outcome.workOrder);
}

/**
 * The asset's write when this transition completes maintenance work on it (preventive or
 * corrective: `isMaintenanceWork`): `lastMaintenanceAt` is the completion time and
 * `nextMaintenanceAt` follows from it and the asset's plans. None otherwise.
 */
async function assetMaintenanceItems(tenantId: string, after: WorkOrder, before: WorkOrder, now: string) {
  if (after.status !== 'completed' || before.status === 'completed' || !after.assetId || !isMaintenanceWork(after.type)) return [];
  const asset = await getAsset(tenantId, after.assetId, { consistent: true });
  if (!asset) return []; // the asset was deleted since the work order was opened
  const plans = await plansOfAsset(tenantId, asset.id);
  return [assetScheduleUpdate(tenantId, asset, maintainedAsset(asset, after.completedAt ?? now, plans, now))];
}

/**
 * Saves the work order (and the asset it maintained) in one transaction. The asset write
 * is conditioned on the asset's version: when the asset changed in between (a patch, a
 * plan), the asset is read again and the transaction retried, so a completion is never
 * refused because someone edited the asset.
 */
async function saveTransition(tenantId: string, after: WorkOrder, before: WorkOrder, extras: Parameters<typeof updateWorkOrder>[3], now: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const items = await assetMaintenanceItems(tenantId, after, before, now);
    try {
      await updateWorkOrder(tenantId, after, before.version, { ...extras, items });
      return;
    } catch (error) {
      // A changed work order (VersionConflict) is retried by httpRoute on a fresh read; a conflict with an asset write here.
      if (!(error instanceof Conflict) || items.length === 0 || attempt >= 3) throw error;
    }
  }
}

export const handler = httpRoute(findRoute(workOrdersRoutes, 'transitionWorkOrder'), transitionWorkOrder);
