/**
 * Fixed-window counters in the control table: usage-plan quotas per API key and
 * per-route limits. One conditional UpdateItem per request counts and checks at once.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../document-client';
import { controlTableName } from './table';

export interface WindowCount {
  /** Whether this request fits in the window. */
  readonly allowed: boolean;
  /** Requests counted in the window, this one included when allowed. */
  readonly used: number;
}

const counterKey = (counter: string, windowStart: number) => ({ PK: `COUNTER#${counter}`, SK: new Date(windowStart).toISOString() });

/** Counts one request in the window starting at `windowStart` unless `limit` is reached. */
export async function countInWindow(counter: string, windowStart: number, windowEnd: number, limit: number): Promise<WindowCount> {
  try {
    const out = await documentClient.send(
      new UpdateCommand({
        TableName: controlTableName,
        Key: counterKey(counter, windowStart),
        UpdateExpression: 'ADD #used :one SET expiresAt = if_not_exists(expiresAt, :expires)',
        ConditionExpression: 'attribute_not_exists(#used) OR #used < :limit',
        ExpressionAttributeNames: { '#used': 'used' },
        ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expires': Math.ceil(windowEnd / 1000) + 86_400 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return { allowed: true, used: Number(out.Attributes?.used ?? 1) };
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return { allowed: false, used: limit };
    throw error;
  }
}

/** Gives back a counted request (a 304 does not count against the quota). */
export async function uncount(counter: string, windowStart: number): Promise<void> {
  await documentClient.send(
    new UpdateCommand({
      TableName: controlTableName,
      Key: counterKey(counter, windowStart),
      UpdateExpression: 'ADD #used :minus',
      ConditionExpression: '#used > :zero',
      ExpressionAttributeNames: { '#used': 'used' },
      ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
    }),
  ).catch((error: unknown) => {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  });
}

/** The count of a window without changing it. */
export async function readCount(counter: string, windowStart: number): Promise<number> {
  const out = await documentClient.send(new GetCommand({ TableName: controlTableName, Key: counterKey(counter, windowStart) }));
  return Number(out.Item?.used ?? 0);
}
