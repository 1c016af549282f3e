/**
 * `dynamodbStreamWorker(schema, batchHandler)`: the one way to consume a DynamoDB stream,
 * as `sqsWorker` is for queues. Each record's NEW_IMAGE is unmarshalled and validated with
 * the zod schema; the valid items go to `batchHandler` together (a stream consumer gains
 * from doing its I/O for the whole batch at once, e.g. one SendMessageBatch), which answers
 * one outcome per item: `undefined` when done, an `Error` when not. Failures are reported
 * per record (Powertools `BatchProcessor(EventType.DynamoDBStreams)`, by sequence number):
 * Lambda retries from the first failed one (bisecting the batch on error) and, past the
 * retries, sends them to the on-failure destination. A record without an image or whose
 * item is not the schema's fails the same way, logged by its issues' paths and codes only,
 * never dropped. Wrapped in the same observability middlewares as every worker.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type * as z from 'zod';
import { InvalidMessage, reportInvalid, validMessage } from './sqs-worker';
import { workerHandler, type WorkerHandler } from './worker-handler';

/** Handles the batch's valid items; one outcome per item, in order: `undefined` done, an `Error` failed. */
export type StreamBatchHandler<T> = (items: readonly T[]) => Promise<ReadonlyArray<Error | undefined>>;

/** The item of a record's NEW_IMAGE, validated with `schema`; throws {@link InvalidMessage}. */
export function parseStreamImage<S extends z.ZodType>(schema: S, record: DynamoDBRecord): z.output<S> {
  const id = record.dynamodb?.SequenceNumber ?? '';
  const image = record.dynamodb?.NewImage;
  if (!image) throw new InvalidMessage(id, [{ path: 'NewImage', code: 'missing' }]);
  return validMessage(schema, unmarshall(image as Record<string, AttributeValue>), id);
}

export function dynamodbStreamWorker<S extends z.ZodType>(schema: S, batchHandler: StreamBatchHandler<z.output<S>>): WorkerHandler<DynamoDBStreamEvent, DynamoDBBatchResponse> {
  return workerHandler<DynamoDBStreamEvent, DynamoDBBatchResponse>(async (event, context) => {
    const outcomes = new Map<DynamoDBRecord, Error | undefined>();
    const valid: Array<{ record: DynamoDBRecord; item: z.output<S> }> = [];
    for (const record of event.Records) {
      try {
        valid.push({ record, item: parseStreamImage(schema, record) });
      } catch (error) {
        reportInvalid(error as InvalidMessage);
        outcomes.set(record, error as Error);
      }
    }
    const results = valid.length > 0 ? await batchHandler(valid.map((v) => v.item)) : [];
    valid.forEach((v, i) => outcomes.set(v.record, results[i]));
    const processor = new BatchProcessor(EventType.DynamoDBStreams);
    return processPartialResponse(
      event,
      async (record: DynamoDBRecord) => {
        const outcome = outcomes.get(record);
        if (outcome) throw outcome;
      },
      processor,
      { context, throwOnFullBatchFailure: false },
    );
  });
}
