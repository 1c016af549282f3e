/** Which records of an SQS batch the local poller deletes after an invocation. */
import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { succeededRecords } from '#lib/local/runtime/queue-pollers';

const record = (messageId: string) => ({ messageId, receiptHandle: `rh-${messageId}`, body: messageId }) as SQSRecord;
const records = ['m1', 'm2', 'm3'].map(record);

describe('succeededRecords', () => {
  it('deletes every record when the handler reports no failures', () => {
    expect(succeededRecords(records, undefined)).toEqual(records);
    expect(succeededRecords(records, { batchItemFailures: [] })).toEqual(records);
    expect(succeededRecords(records, {})).toEqual(records);
  });

  it('keeps the reported failures and deletes the others', () => {
    expect(succeededRecords(records, { batchItemFailures: [{ itemIdentifier: 'm2' }] }).map((r) => r.messageId)).toEqual(['m1', 'm3']);
    expect(succeededRecords(records, { batchItemFailures: records.map((r) => ({ itemIdentifier: r.messageId })) })).toEqual([]);
  });
});
