/**
 * Maintenance plans in the application table. Keys:
 *   item        PK = T#t#MPLAN#<id>               SK = MPLAN
 *   by asset    GSI1PK = T#t#ASSET#<a>#MPLANS     GSI1SK = <id>
 *   enabled     GSI3PK = MAINTENANCE_PLANS         GSI3SK = <tenantId>#<id>   (sparse: the daily worker's list across tenants)
 * The worker opens a plan's work order and moves the plan to its next cycle in one
 * transaction, conditioned on the plan's version, with the work order's once-key.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { rescheduledAsset, type Asset } from '#domain/assets';
import type { MaintenancePlan, PlanState } from '#domain/maintenance-plans';
import type { WorkOrder } from '#domain/work-orders';
import { VersionConflict } from '#platform/errors';
import { documentClient, tableName, tenantKey } from './client';
import { failedConditions, withoutKeys } from './items';
import { getAsset, updateAssetSchedule } from './assets-repository';
import type { OutboxEvent } from './outbox';
import { queryPage, type Page } from './query-page';
import { workOrderCreationItems } from './work-orders-repository';

const ENABLED_PLANS = 'MAINTENANCE_PLANS';

export const maintenancePlanKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'MPLAN', id), SK: 'MPLAN' });
const byAsset = (tenantId: string, assetId: string) => tenantKey(tenantId, 'ASSET', assetId, 'MPLANS');

function planItem(tenantId: string, plan: MaintenancePlan): Record<string, unknown> {
  return {
    ...maintenancePlanKey(tenantId, plan.id),
    entity: 'maintenance-plan',
    GSI1PK: byAsset(tenantId, plan.assetId),
    GSI1SK: plan.id,
    ...(plan.enabled ? { GSI3PK: ENABLED_PLANS, GSI3SK: `${tenantId}#${plan.id}` } : {}),
    tenantId,
    ...plan,
  };
}

const toPlan = (item: Record<string, unknown>): MaintenancePlan => {
  const { tenantId: _tenant, ...rest } = withoutKeys<MaintenancePlan & { tenantId: string }>(item);
  return rest;
};

export async function createMaintenancePlan(tenantId: string, plan: MaintenancePlan): Promise<void> {
  await documentClient.send(new PutCommand({ TableName: tableName, Item: planItem(tenantId, plan), ConditionExpression: 'attribute_not_exists(PK)' }));
}

export async function getMaintenancePlan(tenantId: string, id: string): Promise<MaintenancePlan | undefined> {
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: maintenancePlanKey(tenantId, id) }));
  return out.Item ? toPlan(out.Item) : undefined;
}

export async function listMaintenancePlans(tenantId: string, assetId: string, q: { limit: number; cursor?: string }): Promise<Page<MaintenancePlan>> {
  return queryPage({ tableName, index: 'GSI1', partitionAttribute: 'GSI1PK', partitionValue: byAsset(tenantId, assetId), limit: q.limit, cursor: q.cursor }, toPlan);
}

/** Every plan of an asset (an asset has a handful). */
export async function plansOfAsset(tenantId: string, assetId: string): Promise<MaintenancePlan[]> {
  const out: MaintenancePlan[] = [];
  let cursor: string | undefined;
  do {
    const page = await listMaintenancePlans(tenantId, assetId, { limit: 100, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

const conditional = async (write: () => Promise<unknown>): Promise<void> => {
  try {
    await write();
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new VersionConflict('The maintenance plan changed while it was being updated; read it again');
    throw error;
  }
};

export async function updateMaintenancePlan(tenantId: string, plan: MaintenancePlan, readVersion: number): Promise<void> {
  await conditional(() =>
    documentClient.send(new PutCommand({ TableName: tableName, Item: planItem(tenantId, plan), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': readVersion } })),
  );
}

export async function deleteMaintenancePlan(tenantId: string, plan: MaintenancePlan): Promise<void> {
  await conditional(() =>
    documentClient.send(new DeleteCommand({ TableName: tableName, Key: maintenancePlanKey(tenantId, plan.id), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': plan.version } })),
  );
}

/** Every enabled plan of every tenant, for the daily worker. */
export async function* enabledPlans(): AsyncGenerator<{ tenantId: string; plan: MaintenancePlan }> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await documentClient.send(
      new QueryCommand({ TableName: tableName, IndexName: 'GSI3', KeyConditionExpression: 'GSI3PK = :p', ExpressionAttributeValues: { ':p': ENABLED_PLANS }, ExclusiveStartKey: startKey }),
    );
    for (const item of out.Items ?? []) yield { tenantId: item.tenantId as string, plan: toPlan(item) };
    startKey = out.LastEvaluatedKey;
  } while (startKey);
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
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: maintenancePlanKey(tenantId, plan.id),
        UpdateExpression: 'SET #state = :s, nextDueAt = :n',
        ConditionExpression: 'version = :v',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':s': state, ':n': nextDueAt, ':v': plan.version },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
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
