/**
 * The outbox relay: consumes the application table's stream, filtered to inserted outbox
 * items (`entity = outbox-event`, declared in the app model's `streamConsumers`), and sends
 * each event to every queue of DOMAIN_EVENT_QUEUES, then marks the item `relayedAt` with a
 * TTL of 30 days (the replay archive). Per batch:
 *   1. read each record's envelope from its NEW_IMAGE;
 *   2. send all envelopes with SendMessageBatch (adapters/sqs/domain-events);
 *   3. per record (Powertools batch for streams): fail it if its envelope is unreadable or
 *      did not reach every queue, else mark it relayed.
 * Failed records are reported by sequence number; Lambda retries from the first one
 * (bisecting the batch on error) and, past the retries, sends them to the on-failure
 * queue. Records after a failure may be sent again: consumers dedupe by event id.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import middy from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import * as z from 'zod';
import { markRelayed, type OutboxEvent } from '#adapters/dynamodb/outbox';
import { publishDomainEvents } from '#adapters/sqs/domain-events';
import { publishMetrics } from '#platform/publish-metrics';
import { logger, metrics, tracer } from '#platform/observability';

const OutboxItem = z.object({
  entity: z.literal('outbox-event'),
  id: z.string().min(1).max(128),
  type: z.string().min(1).max(128),
  occurredAt: z.string().min(1),
  tenant: z.string().min(1).max(64),
  data: z.unknown(),
});

/** The envelope of a stream record, or an error saying why there is none. */
export function envelopeOf(record: DynamoDBRecord): OutboxEvent | Error {
  const image = record.dynamodb?.NewImage;
  if (!image) return new Error('Stream record without NEW_IMAGE');
  const parsed = OutboxItem.safeParse(unmarshall(image as Record<string, AttributeValue>));
  if (!parsed.success) return new Error(`Not an outbox event: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  const { id, type, occurredAt, tenant, data } = parsed.data;
  return { id, type, occurredAt, tenant, data };
}

const processor = new BatchProcessor(EventType.DynamoDBStreams);

export async function relayOutboxEvents(event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> {
  const envelopes = new Map(event.Records.map((r) => [r.dynamodb?.SequenceNumber ?? '', envelopeOf(r)] as const));
  const readable = [...envelopes.values()].filter((e): e is OutboxEvent => !(e instanceof Error));
  const unsent = readable.length > 0 ? await publishDomainEvents(readable) : new Set<string>();
  if (unsent.size > 0) logger.warn('Events not sent to every queue: their records fail', { eventIds: [...unsent] });
  let relayed = 0;
  const response = await processPartialResponse(
    event,
    async (record: DynamoDBRecord) => {
      const envelope = envelopes.get(record.dynamodb?.SequenceNumber ?? '');
      if (!envelope) throw new Error('Record not in the batch');
      if (envelope instanceof Error) throw envelope;
      if (unsent.has(envelope.id)) throw new Error(`Event ${envelope.id} not sent to every queue`);
      await markRelayed(envelope.tenant, envelope.id);
      relayed++;
    },
    processor,
    { context, throwOnFullBatchFailure: false },
  );
  metrics.addMetric('OutboxEventsRelayed', MetricUnit.Count, relayed);
  return response;
}

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(captureLambdaHandler(tracer))
  .use(publishMetrics(metrics))
  .handler(relayOutboxEvents);
