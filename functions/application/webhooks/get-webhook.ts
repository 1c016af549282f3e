import { getWebhook as loadWebhook, type StoredWebhook } from '#adapters/dynamodb/webhooks-repository';
import { foundOrNotFound } from '#application/visible';
import type { Principal } from '#domain/principal';
import type { WebhookSubscription } from '#domain/webhook-subscriptions';

/** A webhook of the caller's tenant with its sealed secrets, or NotFound: the first step of every webhook use case. */
export async function storedWebhook(who: Principal, id: string): Promise<StoredWebhook> {
  return foundOrNotFound(await loadWebhook(who.tenantId, id), 'Webhook', id);
}

/**
 * Reads a webhook subscription. Steps:
 *   1. load it from the caller's tenant (NotFound);
 *   2. return the subscription, never its secrets.
 */
export async function getWebhook(who: Principal, id: string): Promise<WebhookSubscription> {
  return (await storedWebhook(who, id)).subscription;
}
