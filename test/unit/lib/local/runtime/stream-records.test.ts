/** The local stream event source mapping's rules: the filter and where a batch resumes after partial failures (Lambda's rules for streams). */
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { firstFailure, passesFilter } from '#lib/local/runtime/stream-pollers';
import { OUTBOX_RELAY } from '#lib/model/routes/webhooks';

const rec = (seq: string): DynamoDBRecord => ({ eventName: 'INSERT', dynamodb: { SequenceNumber: seq } });

describe('local stream mapping', () => {
  it('lets through only INSERTs of the consumer\'s entity', () => {
    expect(passesFilter({ eventName: 'INSERT', dynamodb: { NewImage: { entity: { S: 'outbox-event' } } } }, OUTBOX_RELAY)).toBe(true);
    expect(passesFilter({ eventName: 'MODIFY', dynamodb: { NewImage: { entity: { S: 'outbox-event' } } } }, OUTBOX_RELAY)).toBe(false);
    expect(passesFilter({ eventName: 'INSERT', dynamodb: { NewImage: { entity: { S: 'work-order' } } } }, OUTBOX_RELAY)).toBe(false);
    expect(passesFilter({ eventName: 'REMOVE', dynamodb: {} }, OUTBOX_RELAY)).toBe(false);
  });

  it('resumes at the earliest reported failure, everything succeeded without one, and from the start for an unknown id', () => {
    const batch = [rec('1'), rec('2'), rec('3'), rec('4')];
    expect(firstFailure(batch, { batchItemFailures: [] })).toBeUndefined();
    expect(firstFailure(batch, undefined)).toBeUndefined();
    expect(firstFailure(batch, { batchItemFailures: [{ itemIdentifier: '4' }, { itemIdentifier: '2' }] })).toBe(1);
    expect(firstFailure(batch, { batchItemFailures: [{ itemIdentifier: '9' }] })).toBe(0);
  });
});
