import { saveWebhook } from '#adapters/dynamodb/webhooks-repository';
import { sealSecret } from '#adapters/kms/webhook-secrets';
import { storedWebhook } from '#application/webhooks/get-webhook';
import type { Principal } from '#domain/principal';
import { rotatedSecrets, withRotatedSecret } from '#domain/webhook-subscriptions';
import { newWebhookSecret, ROTATION_OVERLAP_MS } from '#domain/webhooks';

/**
 * Rotates a webhook's signing secret. Steps:
 *   1. load the webhook (NotFound);
 *   2. a fresh secret, sealed;
 *   3. the current secret retires in 24 h (both sign meanwhile); older ones are dropped;
 *   4. save the subscription, stamped with the rotation, conditioned on the version read.
 * Returns the new secret in clear (answered this once), when it was rotated and until
 * when the previous one still signs.
 */
export async function rotateWebhookSecret(who: Principal, id: string): Promise<{ secret: string; rotatedAt: string; previousSecretValidUntil: string }> {
  const stored = await storedWebhook(who, id);
  const now = new Date().toISOString();
  const secret = newWebhookSecret();
  const secrets = rotatedSecrets(stored.secrets, await sealSecret(who.tenantId, id, secret), now);
  await saveWebhook(who.tenantId, { subscription: withRotatedSecret(stored.subscription, now), secrets }, stored.subscription.version);
  return { secret, rotatedAt: now, previousSecretValidUntil: new Date(Date.parse(now) + ROTATION_OVERLAP_MS).toISOString() };
}
