/**
 * Maintenance plans in the application table. Keys:
 *   item        PK = T#t#MPLAN#<id>               SK = MPLAN
 *   by asset    GSI1PK = T#t#ASSET#<a>#MPLANS     GSI1SK = <id>
 *   enabled     GSI3PK = MAINTENANCE_PLANS         GSI3SK = <tenantId>#<id>   (sparse: the daily worker's list across tenants)
 * The worker opens a plan's work order and moves the plan to its next cycle in one
 * transaction, conditioned on the plan's version, with the work order's once-key.
 */
import { DeleteCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { rescheduledAsset, type Asset } from '#domain/assets';
import type { MaintenancePlan, PlanState } from '#domain/maintenance-plans';
import type { WorkOrder } from '#domain/work-orders';
import { VersionConflict } from '#platform/errors';
import { documentClient, tableName, tenantKey } from './client';
import { failedConditions, withoutKeys } from './items';
import { getAsset, updateAssetSchedule } from './assets-repository';
import type { OutboxEvent } from './outbox';
import { entityRepository, partitionPages, writeIf } from './entity-repository';
import type { Page } from './query-page';
import { workOrderCreationItems } from './work-orders-repository';

export const maintenancePlanKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'MPLAN', id), SK: 'MPLAN' });

const plans = entityRepository<MaintenancePlan>()({
  entity: 'maintenance-plan',
  key: maintenancePlanKey,
  indexes: {
    byAsset: { name: 'GSI1', partition: (t: string, assetId: string) => tenantKey(t, 'ASSET', assetId, 'MPLANS'), entry: (plan) => ({ in: plan.assetId, sort: plan.id }) },
    enabled: { name: 'GSI3', partition: () => 'MAINTENANCE_PLANS', entry: (plan, t) => (plan.enabled ? { in: undefined, sort: `${t}#${plan.id}` } : undefined) },
  },
  attributes: (plan, tenantId) => ({ tenantId, ...plan }),
  fromItem: (item) => {
    const { tenantId: _tenant, ...rest } = withoutKeys<MaintenancePlan & { tenantId: string }>(item);
    return rest;
  },
});

export const createMaintenancePlan = plans.create;

export const getMaintenancePlan = (tenantId: string, id: string): Promise<MaintenancePlan | undefined> => plans.get(tenantId, id);

export const listMaintenancePlans = (tenantId: string, assetId: string, q: { limit: number; cursor?: string }): Promise<Page<MaintenancePlan>> =>
  plans.list(tenantId, 'byAsset', assetId, q);

/** Every plan of an asset (an asset has a handful). */
export const plansOfAsset = (tenantId: string, assetId: string): Promise<MaintenancePlan[]> => plans.all(tenantId, 'byAsset', assetId);

export const updateMaintenancePlan = plans.putVersion;

/** Deletes a plan still at the version read (VersionConflict otherwise, gone or changed). */
export async function deleteMaintenancePlan(tenantId: string, plan: MaintenancePlan): Promise<void> {
  if (!(await writeIf(new DeleteCommand(plans.transact.deleteVersion(tenantId, plan.id, plan.version).Delete!)))) {
    throw new VersionConflict('The maintenance plan changed while it was being updated; read it again');
  }
}

/** Every enabled plan of every tenant, for the daily worker. */
export async function* enabledPlans(): AsyncGenerator<{ tenantId: string; plan: MaintenancePlan }> {
  for await (const page of partitionPages(plans.partition('', 'enabled', undefined))) {
    for (const item of page) yield { tenantId: item.tenantId as string, plan: plans.fromItem(item) };
  }
}

/** A plan that moved on (another run, or an edit) since it was read: the next run looks again. */
export class StalePlan extends Error {}

/**
 * Opens the plan's due work order and moves the plan to its next cycle in one
 * transaction: the work order (with its history entry, `work_order.created` event and
 * once-key) and the plan's new state, conditioned on the version read. A second run
 * for the same cycle fails either condition and opens nothing.
 * @returns false when the cycle's work order already exists or the plan changed
 */
export async function openPreventiveWorkOrder(
  tenantId: string,
  plan: MaintenancePlan,
  next: { state: PlanState; nextDueAt: string | null },
  workOrder: WorkOrder,
  onceKey: string,
  event: OutboxEvent,
  now: string,
): Promise<boolean> {
  const items = [
    ...workOrderCreationItems(tenantId, workOrder, { events: [event], onceKey }),
    {
      Update: {
        TableName: tableName,
        Key: maintenancePlanKey(tenantId, plan.id),
        UpdateExpression: 'SET #state = :s, nextDueAt = :n, version = version + :one, updatedAt = :now',
        ConditionExpression: 'version = :v',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':s': next.state, ':n': next.nextDueAt, ':one': 1, ':now': now, ':v': plan.version },
      },
    },
  ];
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: items }));
    return true;
  } catch (error) {
    failedConditions(error); // rethrows anything but a condition failure
    return false;
  }
}

/** Records a plan's recomputed next due date (and a first meter baseline) without a new cycle. */
export async function refreshPlan(tenantId: string, plan: MaintenancePlan, state: PlanState, nextDueAt: string | null): Promise<void> {
  await writeIf(
    new UpdateCommand({
      TableName: tableName,
      Key: maintenancePlanKey(tenantId, plan.id),
      UpdateExpression: 'SET #state = :s, nextDueAt = :n',
      ConditionExpression: 'version = :v',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':s': state, ':n': nextDueAt, ':v': plan.version },
    }),
  );
}

/**
 * Recomputes the asset's `nextMaintenanceAt` after its plans changed, with the one rule
 * of `nextMaintenanceAt` in `#domain/assets` (the earliest of its interval and its enabled
 * plans' next due dates), and writes it when it changed, conditioned on the asset's
 * version (read again and retried when the asset changed meanwhile).
 * @returns the asset as written, or undefined when nothing changed (or it is gone)
 */
export async function syncAssetNextMaintenance(tenantId: string, assetId: string, now: string): Promise<Asset | undefined> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const asset = await getAsset(tenantId, assetId, { consistent: true });
    if (!asset) return undefined;
    const after = rescheduledAsset(asset, await plansOfAsset(tenantId, assetId), now);
    if (!after) return undefined;
    if (await updateAssetSchedule(tenantId, asset, after)) return after;
  }
  throw new Error(`asset ${assetId} kept changing while its next maintenance was recomputed`);
}
