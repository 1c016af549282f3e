import { eventsSince, OUTBOX_ARCHIVE_DAYS } from '#adapters/dynamodb/outbox';
import { putDeliveryIfAbsent, saveDelivery } from '#adapters/dynamodb/webhooks-repository';
import { queueDeliveryJobs, type DeliveryJob } from '#adapters/sqs/webhook-deliveries';
import { newDelivery, reopened, wantsEvent } from '#domain/webhook-subscriptions';
import { findRoute } from '#lib/model/find-route';
import { webhooksRoutes } from '#lib/model/routes/webhooks';
import { Conflict, ValidationFailed } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';
import { webhookOr404 } from './common';

/**
 * Steps: the tenant's events since `since` (the outbox keeps them 30 days) that this endpoint
 * wants (types, filter, not older than the subscription; never other endpoints' tests); per
 * event, a delivery if it had none (the full retry schedule), one manual attempt if its
 * delivery failed, nothing if it succeeded or is still pending.
 */
export async function replayWebhook({ params, body, principal }: HttpRequest<{ id: string }, unknown, { since: string }>) {
  const { tenantId } = caller(principal);
  const { subscription } = await webhookOr404(tenantId, params.id);
  const nowMs = Date.now();
  const sinceMs = Date.parse(body.since);
  if (sinceMs > nowMs) throw new ValidationFailed('since is in the future', [{ path: 'body.since', message: 'must not be in the future' }]);
  if (sinceMs < nowMs - OUTBOX_ARCHIVE_DAYS * 86_400_000)
    throw new ValidationFailed(`Events are kept ${OUTBOX_ARCHIVE_DAYS} days`, [{ path: 'body.since', message: `must be within the last ${OUTBOX_ARCHIVE_DAYS} days` }]);
  if (!subscription.enabled) throw new Conflict('The webhook is disabled; enable it to replay', 'WEBHOOK_DISABLED');

  const now = new Date(nowMs).toISOString();
  let queued = 0;
  await eventsSince(tenantId, Math.max(sinceMs, Date.parse(subscription.createdAt)), async (events) => {
    const jobs: DeliveryJob[] = [];
    for (const event of events.filter((e) => e.type !== 'webhook.test' && wantsEvent(subscription, e))) {
      const { delivery, created } = await putDeliveryIfAbsent(tenantId, newDelivery(subscription.id, event, now));
      const job = { tenant: tenantId, webhookId: subscription.id, deliveryId: delivery.id, dueAt: now };
      if (created || (delivery.status === 'pending' && delivery.attempts.length === 0)) jobs.push({ ...job, attempt: 1, trigger: 'scheduled' });
      else if (delivery.status === 'failed' && (await saveDelivery(tenantId, reopened(delivery, now), delivery))) {
        jobs.push({ ...job, attempt: delivery.attempts.length + 1, trigger: 'manual' });
      }
    }
    await queueDeliveryJobs(jobs, nowMs);
    queued += jobs.length;
  });
  return { status: 202, body: { webhookId: subscription.id, since: new Date(sinceMs).toISOString(), queued }, audit: { resourceId: subscription.id, after: { since: body.since, queued } } };
}

export const handler = httpRoute(findRoute(webhooksRoutes, 'replayWebhook'), replayWebhook);
