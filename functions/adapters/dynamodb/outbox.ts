/**
 * The transactional outbox: domain events written in the same DynamoDB transaction
 * as the change they describe, for the webhook relay to deliver. Keys:
 *   event          PK = T#t#OUTBOX#<eventId>   SK = OUTBOX
 *   by tenant      GSI1PK = T#t#OUTBOX          GSI1SK = <eventId> (ULID: in order)
 * Items carry the envelope `{id, type, occurredAt, tenant, data}` as plain attributes
 * and no TTL: the relay deletes (or marks) what it delivered.
 */
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { tableName, tenantKey } from './client';

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
