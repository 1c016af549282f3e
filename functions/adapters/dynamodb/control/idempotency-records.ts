/**
 * Idempotency records in the control table: the first answer to a request carrying
 * an Idempotency-Key, kept 24 hours and replayed for the same key and payload.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { documentClient } from '../document-client';
import { controlTableName } from './table';

const RETENTION_SECONDS = 24 * 3600;

export type ClaimOutcome =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'in-progress' }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'completed'; readonly response: APIGatewayProxyResult };

const key = (pk: string) => ({ PK: pk, SK: 'IDEMPOTENCY' });

/**
 * Claims a key for this request, unless a request with the same key exists: then
 * says whether it is still running, was for another payload, or has an answer.
 * A claim whose request died (its lock expired) can be taken over.
 */
export async function claimIdempotencyKey(pk: string, payloadHash: string, lockSeconds: number, now = Date.now()): Promise<ClaimOutcome> {
  const nowSeconds = Math.floor(now / 1000);
  try {
    await documentClient.send(
      new PutCommand({
        TableName: controlTableName,
        Item: { ...key(pk), status: 'in_progress', payloadHash, lockedUntil: nowSeconds + lockSeconds, expiresAt: nowSeconds + RETENTION_SECONDS },
        ConditionExpression: 'attribute_not_exists(PK) OR (#status = :running AND lockedUntil < :now AND payloadHash = :hash)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':running': 'in_progress', ':now': nowSeconds, ':hash': payloadHash },
      }),
    );
    return { kind: 'claimed' };
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
  const out = await documentClient.send(new GetCommand({ TableName: controlTableName, Key: key(pk), ConsistentRead: true }));
  const item = out.Item;
  if (!item) return claimIdempotencyKey(pk, payloadHash, lockSeconds, now); // expired between the two calls
  if (item.payloadHash !== payloadHash) return { kind: 'mismatch' };
  if (item.status !== 'completed') return { kind: 'in-progress' };
  return { kind: 'completed', response: item.response as APIGatewayProxyResult };
}

/** Stores the answer of a claimed key (whatever its status, 5xx included). */
export async function completeIdempotencyKey(pk: string, response: APIGatewayProxyResult): Promise<void> {
  await documentClient.send(
    new UpdateCommand({
      TableName: controlTableName,
      Key: key(pk),
      UpdateExpression: 'SET #status = :done, #response = :response REMOVE lockedUntil',
      ExpressionAttributeNames: { '#status': 'status', '#response': 'response' },
      ExpressionAttributeValues: { ':done': 'completed', ':response': { statusCode: response.statusCode, headers: response.headers ?? {}, body: response.body } },
    }),
  );
}
