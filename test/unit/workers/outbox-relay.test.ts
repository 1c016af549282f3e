/**
 * The relay reads the envelope of an outbox item from a stream record's NEW_IMAGE, and
 * refuses anything else: such a record fails alone (reported by its sequence number),
 * never silently dropped, while the valid records of its batch are relayed.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { beforeAll, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
});
import { InvalidMessage } from '#platform/sqs-worker';
import { parseStreamImage } from '#platform/stream-worker';

const relayed = vi.fn(async (events: readonly { id: string }[]) => events.map((e) => (e.id === 'UNSENT' ? new Error('not sent') : undefined)));
vi.mock('#application/events/relay-outbox-events', () => ({ relayOutboxEvents: relayed }));

let worker: typeof import('#workers/outbox-relay');
beforeAll(async () => {
  worker = await import('#workers/outbox-relay');
});

const image = (item: Record<string, unknown>, sequence = '1'): DynamoDBRecord => ({ eventName: 'INSERT', dynamodb: { SequenceNumber: sequence, NewImage: marshall(item) as never } });
const event = { id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B', type: 'work_order.created', occurredAt: '2026-12-06T04:00:00.000Z', tenant: 't1', data: { id: 'wo', priority: 'high' } };
const outboxItem = (e: typeof event) => ({ PK: `T#t1#OUTBOX#${e.id}`, SK: 'OUTBOX', entity: 'outbox-event', GSI1PK: 'T#t1#OUTBOX', GSI1SK: e.id, ...e });
const context = { awsRequestId: 'r1', functionName: 'outbox-relay', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

describe('outbox relay records', () => {
  it('reads the envelope, without the keys and bookkeeping attributes', () => {
    expect(parseStreamImage(worker.OutboxItem, image(outboxItem(event)))).toEqual(event);
  });

  it('refuses a record without image or with an item that is not an outbox event', () => {
    expect(() => parseStreamImage(worker.OutboxItem, { eventName: 'INSERT', dynamodb: { SequenceNumber: '1' } })).toThrow(InvalidMessage);
    expect(() => parseStreamImage(worker.OutboxItem, image({ entity: 'work-order', id: 'x' }))).toThrow(InvalidMessage);
    expect(() => parseStreamImage(worker.OutboxItem, image({ entity: 'outbox-event', id: 'x', type: 'a' }))).toThrow(InvalidMessage);
  });

  it('fails exactly the records that are not outbox events or were not relayed, and relays the others in one call', async () => {
    relayed.mockClear();
    const unsent = { ...event, id: 'UNSENT' };
    const batch: DynamoDBStreamEvent = { Records: [image(outboxItem(event), '10'), image({ entity: 'work-order', id: 'x' }, '11'), image(outboxItem(unsent), '12')] };
    const response = await worker.handler(batch, context);
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['11', '12']);
    expect(relayed).toHaveBeenCalledTimes(1);
    expect(relayed.mock.calls[0]![0].map((e) => e.id)).toEqual([event.id, 'UNSENT']);
  });
});
