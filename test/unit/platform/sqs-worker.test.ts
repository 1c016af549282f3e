/**
 * `sqsWorker`: every record is validated and handled on its own. A record that is not
 * JSON or not the schema's shape fails only itself (reported, so SQS keeps it, then the
 * DLQ), logged without its body; a record whose handler throws is the only one reported;
 * valid records reach the handler parsed, with their SQS record.
 */
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { InvalidMessage, parseRecord, sqsBatchWorker, sqsWorker } from '#platform/sqs-worker';
import { capturePrinted } from '../../support/printed-output';

vi.hoisted(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
});

const Job = z.object({ jobId: z.string().min(1), apiKey: z.string() });
const context = { awsRequestId: 'r1', functionName: 'worker', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
const record = (messageId: string, body: unknown): SQSRecord =>
  ({ messageId, body: typeof body === 'string' ? body : JSON.stringify(body), attributes: { ApproximateReceiveCount: '2' } }) as unknown as SQSRecord;
const batch = (...records: SQSRecord[]): SQSEvent => ({ Records: records });
const failedIds = (response: { batchItemFailures: { itemIdentifier: string }[] }) => response.batchItemFailures.map((f) => f.itemIdentifier).sort();

let printed: string[];
beforeEach(() => {
  printed = capturePrinted();
});
afterEach(() => vi.restoreAllMocks());

describe('sqsWorker', () => {
  it('hands every valid record to the handler, parsed, with its SQS record, and reports no failure', async () => {
    const seen: Array<[unknown, string]> = [];
    const handler = sqsWorker(Job, async (job, rec) => void seen.push([job, rec.messageId]));
    const response = await handler(batch(record('a', { jobId: '1', apiKey: 'k1', extra: true }), record('b', { jobId: '2', apiKey: 'k2' })), context);
    expect(response.batchItemFailures).toEqual([]);
    expect(seen.sort((x, y) => x[1].localeCompare(y[1]))).toEqual([
      [{ jobId: '1', apiKey: 'k1' }, 'a'],
      [{ jobId: '2', apiKey: 'k2' }, 'b'],
    ]);
  });

  it('fails only the records that are not JSON or not the schema, and logs them without their payload', async () => {
    const handled = vi.fn(async () => undefined);
    const handler = sqsWorker(Job, handled);
    const secret = 'sk_live_do_not_log_me';
    const response = await handler(batch(record('junk', '{"jobId": 4'), record('good', { jobId: '1', apiKey: 'k' }), record('shape', { jobId: '', apiKey: secret })), context);
    expect(failedIds(response)).toEqual(['junk', 'shape']);
    expect(handled).toHaveBeenCalledTimes(1);
    const log = printed.join('\n');
    expect(log).toContain('Invalid message');
    expect(log).toContain('jobId');
    expect(log).not.toContain(secret);
  });

  it('reports only the record whose handler throws; the others of the batch succeed', async () => {
    const done: string[] = [];
    const handler = sqsWorker(Job, async (job) => {
      if (job.jobId === 'boom') throw new Error('store unavailable');
      done.push(job.jobId);
    });
    const response = await handler(batch(record('m1', { jobId: 'ok1', apiKey: 'k' }), record('m2', { jobId: 'boom', apiKey: 'k' }), record('m3', { jobId: 'ok2', apiKey: 'k' })), context);
    expect(failedIds(response)).toEqual(['m2']);
    expect(done.sort()).toEqual(['ok1', 'ok2']);
    expect(printed.join('\n')).toContain('store unavailable');
  });

  it('answers a batch whose every record fails with batch item failures, not a thrown error', async () => {
    const handler = sqsWorker(Job, async () => {
      throw new Error('down');
    });
    const response = await handler(batch(record('only', { jobId: '1', apiKey: 'k' })), context);
    expect(failedIds(response)).toEqual(['only']);
  });

  it('handles records one at a time, in order, when asked', async () => {
    const events: string[] = [];
    const handler = sqsWorker(
      Job,
      async (job) => {
        events.push(`start ${job.jobId}`);
        await new Promise((r) => setTimeout(r, job.jobId === '1' ? 20 : 1));
        events.push(`end ${job.jobId}`);
      },
      { inOrder: true },
    );
    await handler(batch(record('a', { jobId: '1', apiKey: 'k' }), record('b', { jobId: '2', apiKey: 'k' })), context);
    expect(events).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('runs concurrent batches of one worker without mixing their results', async () => {
    const handler = sqsWorker(Job, async (job) => {
      await new Promise((r) => setTimeout(r, 5));
      if (job.jobId.startsWith('bad')) throw new Error('no');
    });
    const [first, second] = await Promise.all([
      handler(batch(record('x1', { jobId: 'bad1', apiKey: 'k' }), record('x2', { jobId: 'ok', apiKey: 'k' })), context),
      handler(batch(record('y1', { jobId: 'ok', apiKey: 'k' }), record('y2', { jobId: 'bad2', apiKey: 'k' })), context),
    ]);
    expect(failedIds(first)).toEqual(['x1']);
    expect(failedIds(second)).toEqual(['y2']);
  });
});

describe('parseRecord', () => {
  it('names the paths and codes of what is wrong, never the values', () => {
    const error = (() => {
      try {
        parseRecord(Job, record('m', { jobId: 42, apiKey: 'secret-value' }));
      } catch (e) {
        return e as InvalidMessage;
      }
    })();
    expect(error).toBeInstanceOf(InvalidMessage);
    expect(error?.issues).toEqual([{ path: 'jobId', code: 'invalid_type' }]);
    expect(error?.message).not.toContain('secret-value');
  });

  it('says a body that is not JSON is not JSON', () => {
    expect(() => parseRecord(Job, record('m', 'not json'))).toThrow(/invalid_json/);
  });
});

describe('sqsBatchWorker', () => {
  it('hands the valid records to the handler in ONE call, fails the invalid ones and those the handler names', async () => {
    const calls: Array<Array<[unknown, string]>> = [];
    const handler = sqsBatchWorker(Job, async (valid) => {
      calls.push(valid.map(({ message, record: r }) => [message, r.messageId]));
      return ['b'];
    });
    const response = await handler(batch(record('a', { jobId: '1', apiKey: 'k1' }), record('junk', 'nope'), record('b', { jobId: '2', apiKey: 'k2' })), context);
    expect(calls).toEqual([
      [
        [{ jobId: '1', apiKey: 'k1' }, 'a'],
        [{ jobId: '2', apiKey: 'k2' }, 'b'],
      ],
    ]);
    expect(failedIds(response)).toEqual(['b', 'junk']);
  });

  it('fails every valid record when the handler throws, and logs the error once', async () => {
    const handler = sqsBatchWorker(Job, async () => {
      throw new Error('table unavailable');
    });
    const response = await handler(batch(record('a', { jobId: '1', apiKey: 'k' }), record('b', { jobId: '2', apiKey: 'k' })), context);
    expect(failedIds(response)).toEqual(['a', 'b']);
    expect(printed.filter((line) => line.includes('Batch not handled'))).toHaveLength(1);
  });

  it('does not call the handler when no record is valid', async () => {
    const handled = vi.fn(async () => []);
    const response = await sqsBatchWorker(Job, handled)(batch(record('x', '{')), context);
    expect(failedIds(response)).toEqual(['x']);
    expect(handled).not.toHaveBeenCalled();
  });
});
