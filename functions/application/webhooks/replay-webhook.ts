import { eventsSince, OUTBOX_ARCHIVE_DAYS } from '#adapters/dynamodb/outbox';
import { putDeliveryIfAbsent, saveDelivery } from '#adapters/dynamodb/webhooks-repository';
import { queueDeliveryJobs, type DeliveryJob } from '#adapters/sqs/webhook-deliveries';
import { refuseReplaySince, refuseWebhookDisabled } from '#application/refusals';
import { storedWebhook } from '#application/webhooks/get-webhook';
import type { Principal } from '#domain/principal';
import { newDelivery, reopened, wantsEvent } from '#domain/webhook-subscriptions';

/**
 * Resends to an endpoint what it should have received since `since`. Steps:
 *   1. load the webhook (NotFound);
 *   2. refuse a `since` in the future or older than the outbox keeps events (30 days;
 *      400), and a disabled webhook (409 WEBHOOK_DISABLED);
 *   3. page through the tenant's events since then (not older than the subscription)
 *      that this endpoint wants (types, filter; never other endpoints' tests);
 *   4. per event: a delivery if it had none (the full retry schedule), one manual
 *      attempt if its delivery failed, nothing if it succeeded or is still pending;
 *   5. queue the attempts, page by page.
 * Returns the webhook, the normalised `since` and how many attempts were queued.
 */
export async function replayWebhook(who: Principal, id: string, since: string): Promise<{ webhookId: string; since: string; queued: number }> {
  const { subscription } = await storedWebhook(who, id);
  const nowMs = Date.now();
  const sinceMs = Date.parse(since);
  if (sinceMs > nowMs) refuseReplaySince('future', OUTBOX_ARCHIVE_DAYS);
  if (sinceMs < nowMs - OUTBOX_ARCHIVE_DAYS * 86_400_000) refuseReplaySince('too-old', OUTBOX_ARCHIVE_DAYS);
  if (!subscription.enabled) refuseWebhookDisabled('replay');

  const now = new Date(nowMs).toISOString();
  let queued = 0;
  await eventsSince(who.tenantId, Math.max(sinceMs, Date.parse(subscription.createdAt)), async (events) => {
    const jobs: DeliveryJob[] = [];
    for (const event of events.filter((e) => e.type !== 'webhook.test' && wantsEvent(subscription, e))) {
      const { delivery, created } = await putDeliveryIfAbsent(who.tenantId, newDelivery(subscription.id, event, now));
      const job = { tenant: who.tenantId, webhookId: subscription.id, deliveryId: delivery.id, dueAt: now };
      if (created || (delivery.status === 'pending' && delivery.attempts.length === 0)) jobs.push({ ...job, attempt: 1, trigger: 'scheduled' });
      else if (delivery.status === 'failed' && (await saveDelivery(who.tenantId, reopened(delivery, now), delivery))) {
        jobs.push({ ...job, attempt: delivery.attempts.length + 1, trigger: 'manual' });
      }
    }
    await queueDeliveryJobs(jobs, nowMs);
    queued += jobs.length;
  });
  return { webhookId: subscription.id, since: new Date(sinceMs).toISOString(), queued };
}
