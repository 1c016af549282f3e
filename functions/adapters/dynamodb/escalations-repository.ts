/**
 * The escalation watches (written by the work-orders repository, keys there): the ones
 * due by a time, across tenants, and their removal once handled.
 */
import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client';
import { ESCALATION_PARTITION, escalationWatchKey } from './work-orders-repository';

export interface EscalationWatch {
  readonly tenantId: string;
  readonly workOrderId: string;
  readonly escalateAt: string;
}

/** Watches due at or before `now`, oldest first (at most `max`). */
export async function dueEscalations(now: string, max = 500): Promise<EscalationWatch[]> {
  const out: EscalationWatch[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: 'GSI3',
        KeyConditionExpression: 'GSI3PK = :pk AND GSI3SK <= :now',
        ExpressionAttributeValues: { ':pk': ESCALATION_PARTITION, ':now': `${now}~` },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const i of page.Items ?? []) out.push({ tenantId: i.tenantId as string, workOrderId: i.workOrderId as string, escalateAt: i.escalateAt as string });
    startKey = page.LastEvaluatedKey;
  } while (startKey && out.length < max);
  return out.slice(0, max);
}

/** Removes a watch, unless a newer one replaced it meanwhile (another escalateAt). */
export async function removeEscalation(watch: EscalationWatch): Promise<void> {
  try {
    await documentClient.send(
      new DeleteCommand({
        TableName: tableName,
        Key: escalationWatchKey(watch.tenantId, watch.workOrderId),
        ConditionExpression: 'escalateAt = :at',
        ExpressionAttributeValues: { ':at': watch.escalateAt },
      }),
    );
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
  }
}
