/**
 * `sqsWorker(schema, recordHandler, options?)`: the one way to make an SQS consumer, as
 * `httpRoute` is for routes. Each record is handled on its own (Powertools
 * `BatchProcessor` + `processPartialResponse`): its body is parsed as JSON and validated
 * with the worker's zod schema, then given to the record handler, which calls one use
 * case. A record that fails, and only that record, is reported in `batchItemFailures`;
 * the others of the batch are deleted.
 *
 * A record that is not valid (not JSON, or not the schema's shape) is a failure too, on
 * purpose: it is never dropped. SQS delivers it again up to the queue's
 * `maxReceiveCount`, then moves it to the queue's DLQ, where the DLQ alarm tells an
 * operator and the message can be read and redriven once the producer or the schema is
 * fixed. Deleting it instead would lose it silently; the few extra receives cost nothing.
 * It is logged by message id, receive count and the paths and codes of the schema's
 * issues, never with its body or the values it carries (which may hold secrets or device
 * data), and counted in the `InvalidMessages` metric.
 *
 * A record whose handler throws is logged (message id, receive count, error) and reported
 * the same way. The whole batch failing is answered as batch item failures too (not
 * thrown), so a batch of one takes the same retry and DLQ path as a larger one. The same
 * observability middlewares as every worker wrap it (`workerHandler`).
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type * as z from 'zod';
import { logger, metrics } from './observability';
import { workerHandler, type WorkerHandler } from './worker-handler';

/** One problem of an invalid message: where, and what kind; never the value. */
export interface MessageIssue {
  readonly path: string;
  readonly code: string;
}

/** A record whose body is not JSON or not the worker's message: reported, retried, then kept in the DLQ. */
export class InvalidMessage extends Error {
  constructor(
    /** The record's id in its batch (SQS message id, stream sequence number). */
    readonly recordId: string,
    readonly issues: readonly MessageIssue[],
  ) {
    super(`Message ${recordId} is not valid: ${issues.map((i) => `${i.path || '(body)'} ${i.code}`).join(', ')}`);
    this.name = 'InvalidMessage';
  }
}

/** `value` validated with `schema`; throws {@link InvalidMessage} naming the issues' paths and codes only. */
export function validMessage<S extends z.ZodType>(schema: S, value: unknown, recordId: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new InvalidMessage(recordId, parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), code: i.code })));
  return parsed.data;
}

/** Logs and counts an invalid record (never its body), for the caller to report it as failed. */
export function reportInvalid(error: InvalidMessage, receives?: number): void {
  logger.warn('Invalid message: reported as failed, so it is kept (retried, then the DLQ)', { recordId: error.recordId, receives, issues: error.issues });
  metrics.addMetric('InvalidMessages', MetricUnit.Count, 1);
}

/** Handles one valid message; throws to report its record as a failure. */
export type SqsRecordHandler<T> = (message: T, record: SQSRecord) => Promise<unknown>;

export interface SqsWorkerOptions {
  /**
   * Handle the batch's records one at a time, in order, instead of in parallel (e.g. so
   * messages about one item meet its state in sequence rather than racing for it).
   * @default false
   */
  readonly inOrder?: boolean;
}

/** The record's body, parsed as JSON and validated with `schema`; throws {@link InvalidMessage}. */
export function parseRecord<S extends z.ZodType>(schema: S, record: SQSRecord): z.output<S> {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    throw new InvalidMessage(record.messageId, [{ path: '', code: 'invalid_json' }]);
  }
  return validMessage(schema, body, record.messageId);
}

const receivesOf = (record: SQSRecord) => Number(record.attributes?.ApproximateReceiveCount ?? '1');

/** The SQS consumer for messages of `schema`, each handled by `recordHandler`. */
export function sqsWorker<S extends z.ZodType>(schema: S, recordHandler: SqsRecordHandler<z.output<S>>, options: SqsWorkerOptions = {}): WorkerHandler<SQSEvent, SQSBatchResponse> {
  const handleRecord = async (record: SQSRecord): Promise<unknown> => {
    let message: z.output<S>;
    try {
      message = parseRecord(schema, record);
    } catch (error) {
      reportInvalid(error as InvalidMessage, receivesOf(record));
      throw error;
    }
    try {
      return await recordHandler(message, record);
    } catch (error) {
      logger.error('Message not handled: reported as failed; SQS delivers it again, then keeps it in the DLQ', {
        messageId: record.messageId,
        receives: receivesOf(record),
        error: error as Error,
      });
      throw error;
    }
  };
  return workerHandler<SQSEvent, SQSBatchResponse>(async (event, context) => {
    // A processor per invocation: it holds the batch's state, and the local runtime may
    // run several batches of one queue at once in the same process.
    const processor = new BatchProcessor(EventType.SQS);
    return processPartialResponse(event, handleRecord, processor, { context, throwOnFullBatchFailure: false, processInParallel: !options.inOrder });
  });
}

/** The valid messages of a batch, each with its record. */
export type SqsBatch<T> = ReadonlyArray<{ readonly message: T; readonly record: SQSRecord }>;

/** Handles the valid messages of a batch together; resolves to the ids of the messages that failed. */
export type SqsBatchHandler<T> = (batch: SqsBatch<T>) => Promise<Iterable<string>>;

/**
 * The SQS consumer that handles a batch's messages TOGETHER (e.g. to merge what they write),
 * where {@link sqsWorker} handles each on its own. Each record is parsed and validated as
 * there (an invalid one is logged, counted and reported as failed, never dropped); the valid
 * ones go to `batchHandler` in one call, which names the messages it failed. If it throws,
 * every valid message of the batch is reported as failed (logged once), so SQS delivers
 * them again: the handler must be idempotent.
 */
export function sqsBatchWorker<S extends z.ZodType>(schema: S, batchHandler: SqsBatchHandler<z.output<S>>): WorkerHandler<SQSEvent, SQSBatchResponse> {
  return workerHandler<SQSEvent, SQSBatchResponse>(async (event) => {
    const failed = new Set<string>();
    const valid: Array<{ message: z.output<S>; record: SQSRecord }> = [];
    for (const record of event.Records) {
      try {
        valid.push({ message: parseRecord(schema, record), record });
      } catch (error) {
        reportInvalid(error as InvalidMessage, receivesOf(record));
        failed.add(record.messageId);
      }
    }
    if (valid.length > 0) {
      try {
        for (const id of await batchHandler(valid)) failed.add(id);
      } catch (error) {
        logger.error('Batch not handled: every message reported as failed; SQS delivers them again, then keeps them in the DLQ', {
          messages: valid.length,
          error: error as Error,
        });
        for (const { record } of valid) failed.add(record.messageId);
      }
    }
    return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })) };
  });
}
