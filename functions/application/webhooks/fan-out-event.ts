/**
 * Make one delivery per webhook subscription that wants a domain event (the fan-out
 * worker's use case, for each event of the `events` queue).
 *
 * Steps:
 *   1. the tenant's enabled subscriptions that want the event (type and filters);
 *   2. per subscription, create the delivery, keyed by the event id (a redelivered event
 *      finds it and creates nothing);
 *   3. queue the first attempt of each delivery created, and of each that existed without
 *      any attempt (a fan-out that stopped between the two writes).
 * Idempotent: run again for the same event, it queues only what is still missing.
 *
 * Returns how many first attempts were queued (counted in `WebhookDeliveriesQueued`).
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { enabledWebhooks, putDeliveryIfAbsent } from '#adapters/dynamodb/webhooks-repository';
import { queueDeliveryJobs } from '#adapters/sqs/webhook-deliveries';
import { newDelivery, wantsEvent, type DeliveredEvent } from '#domain/webhook-subscriptions';
import type { DeliveryJob } from '#domain/webhooks';
import { metrics } from '#platform/observability';

export async function fanOutEvent(event: DeliveredEvent, now = new Date()): Promise<number> {
  const at = now.toISOString();
  const subscriptions = await enabledWebhooks(event.tenant);
  const jobs: DeliveryJob[] = [];
  for (const sub of subscriptions.filter((s) => wantsEvent(s, event))) {
    const { delivery, created } = await putDeliveryIfAbsent(event.tenant, newDelivery(sub.id, event, at));
    if (created || (delivery.status === 'pending' && delivery.attempts.length === 0)) {
      jobs.push({ tenant: event.tenant, webhookId: sub.id, deliveryId: delivery.id, attempt: 1, dueAt: at, trigger: 'scheduled' });
    }
  }
  if (jobs.length) await queueDeliveryJobs(jobs, now.getTime());
  metrics.addMetric('WebhookDeliveriesQueued', MetricUnit.Count, jobs.length);
  return jobs.length;
}
