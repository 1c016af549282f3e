/**
 * The transactional outbox: domain events written in the same DynamoDB transaction
 * as the change they describe, for the webhook relay to deliver. Keys:
 *   event          PK = T#t#OUTBOX#<eventId>   SK = OUTBOX
 *   by tenant      GSI1PK = T#t#OUTBOX          GSI1SK = <eventId> (ULID: in order)
 * Items carry the envelope `{id, type, occurredAt, tenant, data}` as plain attributes
 * and no TTL until the outbox relay has sent them to the queues: it then marks them
 * `relayedAt` with a TTL of 30 days, the archive `replay` reads.
 */
import { PutCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { encodeTime } from 'ulid';
import { documentClient, tableName, tenantKey } from './client';
import { partitionPages, writeIf } from './entity-repository';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export interface OutboxEvent {
  readonly id: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly tenant: string;
  readonly data: unknown;
}

export const outboxKey = (tenantId: string, eventId: string) => ({ PK: tenantKey(tenantId, 'OUTBOX', eventId), SK: 'OUTBOX' });

/** The Put of one event, for a transaction; an event id is written once. */
export function outboxPut(tenantId: string, event: OutboxEvent): TransactItem {
  return {
    Put: {
      TableName: tableName,
      Item: { ...outboxKey(tenantId, event.id), entity: 'outbox-event', GSI1PK: tenantKey(tenantId, 'OUTBOX'), GSI1SK: event.id, ...event },
      ConditionExpression: 'attribute_not_exists(PK)',
    },
  };
}

/** Writes an event that reports no other change (e.g. `webhook.test`): the outbox item alone. */
export async function publishEvent(tenantId: string, event: OutboxEvent): Promise<void> {
  await documentClient.send(new PutCommand(outboxPut(tenantId, event).Put!));
}

/** How long a relayed event stays in the table, for replay (`POST /v1/webhooks/{id}/replay`). */
export const OUTBOX_ARCHIVE_DAYS = 30;

/**
 * Marks an event relayed: `relayedAt` and a TTL of {@link OUTBOX_ARCHIVE_DAYS} days, after
 * which DynamoDB deletes it. Marking again (a relay retried) only moves the dates; an item
 * already gone is left gone.
 */
export async function markRelayed(tenantId: string, eventId: string, now: Date = new Date()): Promise<void> {
  await writeIf(
    new UpdateCommand({
      TableName: tableName,
      Key: outboxKey(tenantId, eventId),
      UpdateExpression: 'SET relayedAt = :now, expiresAt = :ttl',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':now': now.toISOString(), ':ttl': Math.floor(now.getTime() / 1000) + OUTBOX_ARCHIVE_DAYS * 86_400 },
    }),
  );
}

/**
 * The tenant's events since `sinceMs` (relayed or not yet), oldest first, one page at a time
 * to `onPage` (replay); event ids are ULIDs, so the time bound is a key condition.
 */
export async function eventsSince(tenantId: string, sinceMs: number, onPage: (events: OutboxEvent[]) => Promise<void>): Promise<void> {
  const from = `${encodeTime(sinceMs, 10)}${'0'.repeat(16)}`;
  for await (const page of partitionPages({ index: 'GSI1', value: tenantKey(tenantId, 'OUTBOX') }, { sort: { from } }, 200)) {
    await onPage(page.map((i) => ({ id: i.id, type: i.type, occurredAt: i.occurredAt, tenant: i.tenant, data: i.data }) as OutboxEvent));
  }
}
