import { getDelivery, saveDelivery } from '#adapters/dynamodb/webhooks-repository';
import { queueDeliveryJobs } from '#adapters/sqs/webhook-deliveries';
import { foundOrNotFound } from '#application/visible';
import { refuseDeliveryChanged, refuseDeliveryPending, refuseWebhookDisabled } from '#application/refusals';
import { storedWebhook } from '#application/webhooks/get-webhook';
import type { Principal } from '#domain/principal';
import { reopened, type WebhookDelivery } from '#domain/webhook-subscriptions';

/**
 * One more attempt, now, of a failed or succeeded delivery (same `webhook-id`). Steps:
 *   1. load the webhook and the delivery (NotFound);
 *   2. refuse when the webhook is disabled (409 WEBHOOK_DISABLED), or the delivery is
 *      pending: it is already scheduled (409 DELIVERY_PENDING with its next attempt),
 *      rather than a second schedule;
 *   3. reopen it, conditioned on the state read (409 DELIVERY_CHANGED);
 *   4. queue one manual attempt.
 * Returns the reopened delivery.
 */
export async function retryWebhookDelivery(who: Principal, webhookId: string, deliveryId: string): Promise<WebhookDelivery> {
  const { subscription } = await storedWebhook(who, webhookId);
  const delivery = foundOrNotFound(await getDelivery(who.tenantId, webhookId, deliveryId), 'Webhook delivery', deliveryId);
  if (!subscription.enabled) refuseWebhookDisabled('retry its deliveries');
  if (delivery.status === 'pending') refuseDeliveryPending(delivery.nextAttemptAt);
  const now = new Date().toISOString();
  const next = reopened(delivery, now);
  if (!(await saveDelivery(who.tenantId, next, delivery))) refuseDeliveryChanged();
  await queueDeliveryJobs([{ tenant: who.tenantId, webhookId, deliveryId: delivery.id, attempt: delivery.attempts.length + 1, dueAt: now, trigger: 'manual' }]);
  return next;
}
