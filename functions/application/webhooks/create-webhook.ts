import { ulid } from 'ulid';
import { createWebhook as saveNewWebhook } from '#adapters/dynamodb/webhooks-repository';
import { sealSecret } from '#adapters/kms/webhook-secrets';
import { checkEndpointUrl } from '#application/webhooks/endpoint-rules';
import type { Principal } from '#domain/principal';
import { newSubscription, type NewWebhook, type WebhookSubscription } from '#domain/webhook-subscriptions';
import { newWebhookSecret } from '#domain/webhooks';

/**
 * Subscribes an endpoint. Steps:
 *   1. check the URL against this deployment's rules (400);
 *   2. build the subscription and a fresh `whsec_` signing secret;
 *   3. seal the secret, then store the subscription with it;
 *   4. return the subscription and the secret in clear (answered this once).
 */
export async function createWebhook(who: Principal, fields: NewWebhook): Promise<{ subscription: WebhookSubscription; secret: string }> {
  checkEndpointUrl(fields.url);
  const id = ulid();
  const now = new Date().toISOString();
  const secret = newWebhookSecret();
  const subscription = newSubscription(id, fields, now);
  await saveNewWebhook(who.tenantId, { subscription, secrets: [{ sealed: await sealSecret(who.tenantId, id, secret), createdAt: now, retiresAt: null }] });
  return { subscription, secret };
}
