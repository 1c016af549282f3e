/**
 * Hourly usage statistics per API key in the control table, for anomaly detection:
 *   PK = KEYSTATS#<keyId>   SK = <YYYY-MM-DDTHH>
 *   GSI1PK = KEYSTATS#<YYYY-MM-DDTHH>   GSI1SK = <keyId>   (which keys were active that hour)
 * One UpdateItem per call, after the answer: counts, and small sets of hashed 404
 * ids and user agents (capped by hashing to 8 characters).
 */
import { createHash } from 'node:crypto';
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { KeyHourStats } from '#domain/api-anomalies';
import { documentClient } from '../document-client';
import { controlTableName } from './table';

const short = (value: string) => createHash('sha256').update(value).digest('base64url').slice(0, 8);
const RETENTION_SECONDS = 3 * 86_400;

export async function recordKeyCall(keyId: string, hour: string, call: { status: number; notFoundId?: string; userAgent?: string }, nowSeconds: number): Promise<void> {
  const adds = ['calls :one'];
  const values: Record<string, unknown> = { ':one': 1, ':expires': nowSeconds + RETENTION_SECONDS, ':gsi': `KEYSTATS#${hour}`, ':key': keyId };
  if (call.status >= 400 && call.status < 500) adds.push('clientErrors :one');
  if (call.notFoundId) {
    adds.push('notFoundIds :nf');
    values[':nf'] = new Set([short(call.notFoundId)]);
  }
  if (call.userAgent) {
    adds.push('userAgents :ua');
    values[':ua'] = new Set([short(call.userAgent)]);
  }
  await documentClient.send(
    new UpdateCommand({
      TableName: controlTableName,
      Key: { PK: `KEYSTATS#${keyId}`, SK: hour },
      UpdateExpression: `ADD ${adds.join(', ')} SET expiresAt = if_not_exists(expiresAt, :expires), GSI1PK = :gsi, GSI1SK = :key`,
      ExpressionAttributeValues: values,
    }),
  );
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
