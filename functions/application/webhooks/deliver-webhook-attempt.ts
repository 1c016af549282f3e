/**
 * Make one webhook delivery attempt (the delivery worker's use case), for a job
 * `{tenant, webhookId, deliveryId, attempt, dueAt, trigger}` of `webhook-deliveries`.
 *
 * Steps:
 *   1. not due yet (a wait longer than SQS's 15-minute delay): queue it again towards its time;
 *   2. read the delivery; if attempt N is already recorded, the job is a redelivery:
 *      make sure what follows attempt N is queued, send nothing;
 *   3. read the subscription; deleted or disabled: the delivery fails without an attempt;
 *   4. take one of the endpoint's {@link ENDPOINT_CONCURRENCY} slots (so a slow partner
 *      holds back only itself); none free: queue it again in 2 s;
 *   5. sign with every live secret (Standard Webhooks) and POST, with the SSRF guard at
 *      connection time, no redirects, a 15 s timeout;
 *   6. record the attempt with one conditional write (`size(attempts) = N-1`), then the
 *      endpoint's health (410 and 5 days of failures disable it), then the next attempt on
 *      the retry schedule (429/503 honour Retry-After), or, past the last one, the delivery
 *      is `failed` and managers are notified (`webhook.delivery_failed`).
 * A crash before step 6 leaves the job to come back: the attempt is made again with the
 * same `webhook-id` (at-least-once); after step 6 it is recognised in step 2.
 */
import { randomUUID } from 'node:crypto';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { acquireSlot, changeWebhookHealth, getDelivery, getWebhook, releaseSlot, saveDelivery, type StoredWebhook } from '#adapters/dynamodb/webhooks-repository';
import { sendWebhook, WEBHOOK_TIMEOUT_MS, type SendResult } from '#adapters/http/webhook-sender';
import { openSecret } from '#adapters/kms/webhook-secrets';
import { queueDeliveryJobs } from '#adapters/sqs/webhook-deliveries';
import { deliverNotificationEvent } from '#application/notifications/deliver-notification-event';
import { afterAttempt, healthAfter, liveSecrets, webhookDeliveryFailedEvent, type DeliveryAttempt, type WebhookDelivery } from '#domain/webhook-subscriptions';
import { deliveryBody, type DeliveryJob, nextAfterAttempt, nextAfterManualAttempt, parseRetryAfter, webhookHeaders } from '#domain/webhooks';
import { webhookNetworkMode } from '#platform/config';
import { logger, metrics } from '#platform/observability';

const networkMode = webhookNetworkMode();

/** Attempts in flight to one endpoint at most. */
export const ENDPOINT_CONCURRENCY = 5;
const SLOT_LEASE_MS = WEBHOOK_TIMEOUT_MS + 5_000;
const BUSY_DELAY_MS = 2_000;

export type AttemptResult = 'requeued' | 'busy' | 'redelivered' | 'stale' | 'abandoned' | 'succeeded' | 'retrying' | 'failed';

/** Makes (or recognises) the attempt `job` names; throws when the message must come back. */
export async function deliverWebhookAttempt(job: DeliveryJob, now = new Date()): Promise<AttemptResult> {
  const nowMs = now.getTime();
  if (Date.parse(job.dueAt) - nowMs > 1000) {
    await queueDeliveryJobs([job], nowMs);
    return 'requeued';
  }
  const delivery = await getDelivery(job.tenant, job.webhookId, job.deliveryId);
  if (!delivery) {
    logger.warn('Delivery job without its delivery: nothing to send', { webhookId: job.webhookId, deliveryId: job.deliveryId });
    return 'stale';
  }
  if (delivery.attempts.length >= job.attempt) {
    await queueFollowUp(job, delivery);
    return 'redelivered';
  }
  if (delivery.attempts.length !== job.attempt - 1 || delivery.status !== 'pending') return 'stale';

  const stored = await getWebhook(job.tenant, job.webhookId);
  if (!stored || !stored.subscription.enabled) {
    const reason = stored ? `The endpoint is disabled${stored.subscription.disabledReason ? `: ${stored.subscription.disabledReason}` : ''}` : 'The webhook was deleted';
    await saveDelivery(job.tenant, { ...delivery, status: 'failed', nextAttemptAt: null, lastError: reason, updatedAt: now.toISOString() }, delivery);
    return 'abandoned';
  }

  const owner = randomUUID();
  const slot = await acquireSlot(job.tenant, job.webhookId, ENDPOINT_CONCURRENCY, owner, SLOT_LEASE_MS, nowMs);
  if (slot === undefined) {
    await queueDeliveryJobs([{ ...job, dueAt: new Date(nowMs + BUSY_DELAY_MS).toISOString() }], nowMs);
    return 'busy';
  }
  let result: SendResult;
  try {
    result = await send(stored, delivery, now);
  } finally {
    await releaseSlot(job.tenant, job.webhookId, slot, owner);
  }
  return record(job, stored, delivery, result, now);
}

async function send(stored: StoredWebhook, delivery: WebhookDelivery, now: Date): Promise<SendResult> {
  const { subscription } = stored;
  const secrets = await Promise.all(liveSecrets(stored.secrets, now.toISOString()).map((s) => openSecret(delivery.event.tenant, subscription.id, s.sealed)));
  const body = deliveryBody(subscription.format, delivery.event);
  const headers = webhookHeaders(secrets, delivery.id, Math.floor(Date.now() / 1000), body);
  return sendWebhook(subscription.url, headers, body, { mode: networkMode });
}

async function record(job: DeliveryJob, stored: StoredWebhook, delivery: WebhookDelivery, result: SendResult, started: Date): Promise<AttemptResult> {
  const now = new Date();
  const outcome =
    job.trigger === 'manual' ? nextAfterManualAttempt(result.status) : nextAfterAttempt(job.attempt, result.status, parseRetryAfter(result.retryAfter, now.getTime()));
  const attempt: DeliveryAttempt = {
    attempt: job.attempt,
    trigger: job.trigger,
    at: started.toISOString(),
    statusCode: result.status ?? null,
    latencyMs: Math.round(result.latencyMs * 10) / 10,
    error: result.error ?? null,
    responseStart: result.responseStart ?? null,
  };
  const next = afterAttempt(delivery, attempt, outcome, now.toISOString());
  if (!(await saveDelivery(job.tenant, next, delivery))) return 'redelivered';
  metrics.addMetric(outcome.kind === 'succeeded' ? 'WebhookAttemptsSucceeded' : 'WebhookAttemptsFailed', MetricUnit.Count, 1);

  const health = healthAfter(stored.subscription, outcome, now.toISOString());
  if (health) await changeWebhookHealth(job.tenant, job.webhookId, health, now.toISOString());
  if (outcome.kind === 'retry') {
    await queueFollowUp(job, next);
    return 'retrying';
  }
  if (next.status === 'failed') {
    logger.warn('Webhook delivery failed', { webhookId: job.webhookId, deliveryId: delivery.id, attempts: next.attempts.length, lastError: next.lastError });
    await deliverNotificationEvent(webhookDeliveryFailedEvent(job.tenant, stored.subscription, next, now.toISOString(), health?.kind === 'disable'));
    return 'failed';
  }
  return 'succeeded';
}

/** Queues the attempt after the one recorded, when the delivery waits for one. */
async function queueFollowUp(job: DeliveryJob, delivery: WebhookDelivery): Promise<void> {
  if (delivery.status !== 'pending' || !delivery.nextAttemptAt || delivery.attempts.length !== job.attempt) return;
  await queueDeliveryJobs([{ ...job, attempt: job.attempt + 1, dueAt: delivery.nextAttemptAt, trigger: 'scheduled' }]);
}
