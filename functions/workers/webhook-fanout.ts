/**
 * The webhook fan-out: consumes `events` (the envelopes the outbox relay sends) and makes
 * one delivery per subscription that wants the event. Per record:
 *   1. parse the envelope; a body that is not one is reported (DLQ), never dropped;
 *   2. the tenant's enabled subscriptions (read once per tenant and batch) that want it;
 *   3. per subscription, create the delivery, keyed by the event id (a redelivered event
 *      finds it and creates nothing), and queue its first attempt, also when the delivery
 *      existed without any attempt (a fan-out that stopped between the two writes).
 * A failure fails only its record; SQS redelivers it and step 3 makes that harmless.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import * as z from 'zod';
import { enabledWebhooks, putDeliveryIfAbsent } from '#adapters/dynamodb/webhooks-repository';
import { queueDeliveryJobs, type DeliveryJob } from '#adapters/sqs/webhook-deliveries';
import { newDelivery, wantsEvent, type DeliveredEvent, type WebhookSubscription } from '#domain/webhook-subscriptions';
import { publishMetrics } from '#platform/publish-metrics';
import { logger, metrics, tracer } from '#platform/observability';

const Envelope = z.object({
  id: z.string().min(1).max(64),
  type: z.string().min(1).max(128),
  occurredAt: z.iso.datetime({ offset: true }),
  tenant: z.string().min(1).max(64),
  data: z.unknown(),
});

/** Makes the deliveries of one event and queues their first attempts; returns how many were queued. */
export async function fanOutEvent(event: DeliveredEvent, subscriptions: readonly WebhookSubscription[], now = new Date()): Promise<number> {
  const at = now.toISOString();
  const jobs: DeliveryJob[] = [];
  for (const sub of subscriptions.filter((s) => wantsEvent(s, event))) {
    const { delivery, created } = await putDeliveryIfAbsent(event.tenant, newDelivery(sub.id, event, at));
    if (created || (delivery.status === 'pending' && delivery.attempts.length === 0)) {
      jobs.push({ tenant: event.tenant, webhookId: sub.id, deliveryId: delivery.id, attempt: 1, dueAt: at, trigger: 'scheduled' });
    }
  }
  if (jobs.length) await queueDeliveryJobs(jobs, now.getTime());
  return jobs.length;
}

const processor = new BatchProcessor(EventType.SQS);

export async function handleDomainEvents(event: SQSEvent, context: Context): Promise<SQSBatchResponse> {
  const perTenant = new Map<string, Promise<WebhookSubscription[]>>();
  let queued = 0;
  const response = await processPartialResponse(
    event,
    async (record: SQSRecord) => {
      const envelope = Envelope.parse(JSON.parse(record.body));
      let subscriptions = perTenant.get(envelope.tenant);
      if (!subscriptions) perTenant.set(envelope.tenant, (subscriptions = enabledWebhooks(envelope.tenant)));
      queued += await fanOutEvent(envelope, await subscriptions);
    },
    processor,
    { context, throwOnFullBatchFailure: false },
  );
  if (response.batchItemFailures.length) logger.warn('Events not fanned out; SQS redelivers them', { failed: response.batchItemFailures.length });
  metrics.addMetric('WebhookDeliveriesQueued', MetricUnit.Count, queued);
  return response;
}

export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(captureLambdaHandler(tracer))
  .use(publishMetrics(metrics))
  .handler(handleDomainEvents);
