/** The relay reads the envelope of an outbox item from a stream record's NEW_IMAGE, and refuses anything else (the record then fails, never silently dropped). */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { beforeAll, describe, expect, it } from 'vitest';

let envelopeOf: (r: DynamoDBRecord) => unknown;
beforeAll(async () => {
  process.env.TABLE_NAME ??= 'unit';
  process.env.QUEUE_URL_EVENTS ??= 'http://localhost/000000000000/events';
  process.env.QUEUE_URL_NOTIFICATIONS ??= 'http://localhost/000000000000/notifications';
  ({ envelopeOf } = (await import('#workers/outbox-relay')) as never);
});

const image = (item: Record<string, unknown>): DynamoDBRecord => ({ eventName: 'INSERT', dynamodb: { SequenceNumber: '1', NewImage: marshall(item) as never } });

describe('outbox relay records', () => {
  it('reads the envelope, without the keys and bookkeeping attributes', () => {
    const event = { id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B', type: 'work_order.created', occurredAt: '2026-12-06T04:00:00.000Z', tenant: 't1', data: { id: 'wo', priority: 'high' } };
    expect(envelopeOf(image({ PK: 'T#t1#OUTBOX#x', SK: 'OUTBOX', entity: 'outbox-event', GSI1PK: 'T#t1#OUTBOX', GSI1SK: event.id, ...event }))).toEqual(event);
  });

  it('gives an error for a record without image or with an item that is not an outbox event', () => {
    expect(envelopeOf({ eventName: 'INSERT', dynamodb: { SequenceNumber: '1' } })).toBeInstanceOf(Error);
    expect(envelopeOf(image({ entity: 'work-order', id: 'x' }))).toBeInstanceOf(Error);
    expect(envelopeOf(image({ entity: 'outbox-event', id: 'x', type: 'a' }))).toBeInstanceOf(Error);
  });
});
