import { saveWebhook } from '#adapters/dynamodb/webhooks-repository';
import type { VersionCheck } from '#application/visible';
import { storedWebhook } from '#application/webhooks/get-webhook';
import { checkEndpointUrl } from '#application/webhooks/endpoint-rules';
import type { Principal } from '#domain/principal';
import { applyWebhookPatch, type WebhookPatch, type WebhookSubscription } from '#domain/webhook-subscriptions';

/**
 * Changes a webhook subscription. Steps:
 *   1. load the webhook (NotFound);
 *   2. check the caller's precondition on the version read;
 *   3. check a new URL against this deployment's rules (400);
 *   4. apply the patch (a user's change clears Hydrant's automatic disabling);
 *   5. save it, with its secrets, conditioned on the version read.
 */
export async function updateWebhook(
  who: Principal,
  id: string,
  patch: WebhookPatch,
  checkVersion: VersionCheck,
): Promise<{ before: WebhookSubscription; after: WebhookSubscription }> {
  const stored = await storedWebhook(who, id);
  checkVersion(stored.subscription);
  checkEndpointUrl(patch.url);
  const updated = applyWebhookPatch(stored.subscription, patch, new Date().toISOString());
  await saveWebhook(who.tenantId, { ...stored, subscription: updated }, stored.subscription.version);
  return { before: stored.subscription, after: updated };
}
