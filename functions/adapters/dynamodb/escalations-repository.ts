/**
 * The escalation watches (written by the work-orders repository, keys there): the ones
 * due by a time, across tenants, and their removal once handled.
 */
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from './client';
import { partitionItems, writeIf } from './entity-repository';
import { ESCALATION_PARTITION, escalationWatchKey } from './work-orders-repository';

export interface EscalationWatch {
  readonly tenantId: string;
  readonly workOrderId: string;
  readonly escalateAt: string;
}

/** Watches due at or before `now`, oldest first (at most `max`). */
export async function dueEscalations(now: string, max = 500): Promise<EscalationWatch[]> {
  const items = await partitionItems({ index: 'GSI3', value: ESCALATION_PARTITION }, { sort: { atMost: `${now}~` } }, max);
  return items.map((i) => ({ tenantId: i.tenantId as string, workOrderId: i.workOrderId as string, escalateAt: i.escalateAt as string }));
}

/** Removes a watch, unless a newer one replaced it meanwhile (another escalateAt). */
export async function removeEscalation(watch: EscalationWatch): Promise<void> {
  await writeIf(
    new DeleteCommand({
      TableName: tableName,
      Key: escalationWatchKey(watch.tenantId, watch.workOrderId),
      ConditionExpression: 'escalateAt = :at',
      ExpressionAttributeValues: { ':at': watch.escalateAt },
    }),
  );
}
