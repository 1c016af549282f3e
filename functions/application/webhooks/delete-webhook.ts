import { deleteWebhook as removeWebhook } from '#adapters/dynamodb/webhooks-repository';
import type { VersionCheck } from '#application/visible';
import { storedWebhook } from '#application/webhooks/get-webhook';
import type { Principal } from '#domain/principal';
import type { WebhookSubscription } from '#domain/webhook-subscriptions';

/**
 * Deletes a webhook subscription. Steps:
 *   1. load the webhook (NotFound);
 *   2. check the caller's precondition on the version read;
 *   3. delete it conditioned on that version.
 * Its pending deliveries fail at their next attempt, without sending. Returns the
 * subscription as it was.
 */
export async function deleteWebhook(who: Principal, id: string, checkVersion: VersionCheck): Promise<WebhookSubscription> {
  const { subscription } = await storedWebhook(who, id);
  checkVersion(subscription);
  await removeWebhook(who.tenantId, subscription.id, subscription.version);
  return subscription;
}
