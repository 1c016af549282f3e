/**
 * Local SQS event source mappings: long-poll each queue that has a consumer and
 * invoke the consumer with an SQS batch event, as Lambda does. Only the records the
 * handler does not report in `batchItemFailures` are deleted; if the handler
 * throws, none are, so they come back after the visibility timeout and, past
 * maxReceiveCount, move to the DLQ. A queue declaring `maxConcurrency` gets as many
 * loops, as Lambda runs that many batches at once. As Lambda's batching window, a loop
 * keeps receiving (10 messages per call, SQS's most) until it holds `batchSize` messages or
 * the queue's batching window has passed since the first one.
 */
import { DeleteMessageBatchCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { QueueDecl } from '#lib/model/types';
import { invoke } from './lambda-invoker';

/** Receives a poller runs at once while it fills a batch of more than 10 messages. */
const PARALLEL_RECEIVES = 5;

export interface QueuePoller {
  stop(): Promise<void>;
}

function toRecord(message: Message, queueArn: string): SQSRecord {
  const a = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: a.ApproximateReceiveCount ?? '1',
      SentTimestamp: a.SentTimestamp ?? String(Date.now()),
      SenderId: a.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: a.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      ...(a.MessageGroupId ? { MessageGroupId: a.MessageGroupId } : {}),
      ...(a.MessageDeduplicationId ? { MessageDeduplicationId: a.MessageDeduplicationId } : {}),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, v]) => [
        name,
        { dataType: v.DataType ?? 'String', ...(v.StringValue !== undefined ? { stringValue: v.StringValue } : {}) },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: 'us-east-1',
  };
}

/**
 * The records to delete after an invocation: all but the reported failures. As
 * Lambda does, a failure naming no record of the batch (empty, null, unknown id)
 * fails the whole batch.
 */
export function succeededRecords(records: SQSRecord[], response: unknown): SQSRecord[] {
  const failures = (response as SQSBatchResponse | undefined)?.batchItemFailures ?? [];
  const ids = new Set(records.map((r) => r.messageId));
  if (failures.some((f) => !f || typeof f.itemIdentifier !== 'string' || !ids.has(f.itemIdentifier))) return [];
  const failed = new Set(failures.map((f) => f.itemIdentifier));
  return records.filter((r) => !failed.has(r.messageId));
}

export function startQueuePoller(sqs: SQSClient, queue: QueueDecl, queueUrl: string, onError: (error: unknown) => void = console.error): QueuePoller {
  const consumer = queue.consumer;
  if (!consumer) throw new Error(`Queue ${queue.name} has no consumer`);
  const queueArn = `arn:aws:sqs:us-east-1:000000000000:${queue.name}`;
  const abort = new AbortController();
  let stopped = false;

  const windowMs = 1000 * (queue.batchingWindowSeconds ?? (queue.batchSize > 10 ? 1 : 0));
  const receive = async (max: number, waitSeconds: number): Promise<Message[]> => {
    const out = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(10, max),
        WaitTimeSeconds: waitSeconds,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: abort.signal },
    );
    return out.Messages ?? [];
  };
  /**
   * One batch: the first messages (long poll), then more until the batch is full or the
   * window has passed, up to {@link PARALLEL_RECEIVES} receives at a time (as Lambda's
   * pollers do), so a large batch fills at the rate the queue can give.
   */
  const gather = async (): Promise<Message[]> => {
    const messages = await receive(queue.batchSize, 1);
    if (messages.length === 0) return messages;
    const deadline = Date.now() + windowMs;
    while (messages.length < queue.batchSize && Date.now() < deadline && !stopped) {
      const missing = queue.batchSize - messages.length;
      const rounds = await Promise.all(Array.from({ length: Math.min(PARALLEL_RECEIVES, Math.ceil(missing / 10)) }, (_, i) => receive(Math.min(10, missing - i * 10), 0)));
      const more = rounds.flat();
      if (more.length === 0) await new Promise((r) => setTimeout(r, Math.min(20, Math.max(0, deadline - Date.now()))));
      messages.push(...more);
    }
    return messages;
  };

  const loop = async () => {
    while (!stopped) {
      try {
        const messages = await gather();
        if (messages.length === 0) continue;
        const records = messages.map((m) => toRecord(m, queueArn));
        const event: SQSEvent = { Records: records };
        let response: unknown;
        try {
          response = await invoke(queue.name, consumer.handler, consumer.fn, event);
        } catch (error) {
          onError(error);
          continue; // the whole batch failed: every record becomes visible again
        }
        const done = succeededRecords(records, response);
        // DeleteMessageBatch takes 10 entries at most.
        const chunks = Array.from({ length: Math.ceil(done.length / 10) }, (_, i) => done.slice(i * 10, i * 10 + 10));
        await Promise.all(
          chunks.map((chunk) =>
            sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: chunk.map((r, j) => ({ Id: String(j), ReceiptHandle: r.receiptHandle })) })),
          ),
        );
      } catch (error) {
        if (stopped) return;
        onError(error);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  };
  const running = Promise.all(Array.from({ length: queue.maxConcurrency ?? 1 }, loop));
  return {
    stop: async () => {
      stopped = true;
      abort.abort();
      await running;
    },
  };
}
