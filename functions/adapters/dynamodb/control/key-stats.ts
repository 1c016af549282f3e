/**
 * Hourly usage statistics per API key in the control table, for anomaly detection:
 *   PK = KEYSTATS#<keyId>   SK = <YYYY-MM-DDTHH>
 *   GSI1PK = KEYSTATS#<YYYY-MM-DDTHH>   GSI1SK = <keyId>   (which keys were active that hour)
 * One UpdateItem per call, sent alongside the quota count (calls, hashed user agents),
 * and one more only for a 4xx answer (client errors, hashed ids that were 404).
 */
import { createHash } from 'node:crypto';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { KeyHourStats } from '#domain/api-anomalies';
import { documentClient } from '../document-client';
import { controlTableName } from './table';

const short = (value: string) => createHash('sha256').update(value).digest('base64url').slice(0, 8);
const RETENTION_SECONDS = 3 * 86_400;

/**
 * Adds one to a counter of the key's hour and, when given, the hashed `sample` to a set
 * beside it. One UpdateItem, creating the item (and its expiry) on the first count.
 */
async function countInStats(
  keyId: string,
  hour: string,
  counter: 'calls' | 'clientErrors',
  sample: { readonly set: 'userAgents' | 'notFoundIds'; readonly value: string | undefined },
  nowSeconds: number,
): Promise<void> {
  const adds = [`${counter} :one`, ...(sample.value ? [`${sample.set} :sample`] : [])];
  const values = { ':one': 1, ...(sample.value ? { ':sample': new Set([short(sample.value)]) } : {}) };
  await documentClient.send(
    new UpdateCommand({
      TableName: controlTableName,
      Key: { PK: `KEYSTATS#${keyId}`, SK: hour },
      UpdateExpression: `ADD ${adds.join(', ')} SET expiresAt = if_not_exists(expiresAt, :expires), GSI1PK = :gsi, GSI1SK = :key`,
      ExpressionAttributeValues: { ...values, ':expires': nowSeconds + RETENTION_SECONDS, ':gsi': `KEYSTATS#${hour}`, ':key': keyId },
    }),
  );
}

/** Counts a call (and its user agent) in the key's hour. */
export async function recordKeyCall(keyId: string, hour: string, userAgent: string | undefined, nowSeconds: number): Promise<void> {
  await countInStats(keyId, hour, 'calls', { set: 'userAgents', value: userAgent }, nowSeconds);
}

/** Counts a 4xx answer, and the id asked for when it was a 404 (scanning shows as many ids). */
export async function recordKeyClientError(keyId: string, hour: string, notFoundId: string | undefined, nowSeconds: number): Promise<void> {
  await countInStats(keyId, hour, 'clientErrors', { set: 'notFoundIds', value: notFoundId }, nowSeconds);
}

/** The keys that made calls in an hour. */
export async function activeKeys(hour: string): Promise<string[]> {
  const keys: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await documentClient.send(
      new QueryCommand({ TableName: controlTableName, IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :pk', ExpressionAttributeValues: { ':pk': `KEYSTATS#${hour}` }, ExclusiveStartKey: startKey }),
    );
    keys.push(...(out.Items ?? []).map((i) => String(i.GSI1SK)));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return keys;
}

/** A key's hourly statistics between two hours (inclusive). */
export async function keyStats(keyId: string, fromHour: string, toHour: string): Promise<KeyHourStats[]> {
  const out = await documentClient.send(
    new QueryCommand({
      TableName: controlTableName,
      KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': `KEYSTATS#${keyId}`, ':from': fromHour, ':to': toHour },
    }),
  );
  return (out.Items ?? []).map((i) => ({
    hour: String(i.SK),
    calls: Number(i.calls ?? 0),
    clientErrors: Number(i.clientErrors ?? 0),
    notFoundIds: (i.notFoundIds as Set<string> | undefined)?.size ?? 0,
    userAgents: (i.userAgents as Set<string> | undefined)?.size ?? 0,
  }));
}
