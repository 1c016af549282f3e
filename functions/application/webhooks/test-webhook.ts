import { ulid } from 'ulid';
import { publishEvent } from '#adapters/dynamodb/outbox';
import { refuseWebhookDisabled } from '#application/refusals';
import { checkStoredEndpointUrl } from '#application/webhooks/endpoint-rules';
import { storedWebhook } from '#application/webhooks/get-webhook';
import type { Principal } from '#domain/principal';
import { webhookTestEvent } from '#domain/webhook-subscriptions';

/**
 * Sends a `webhook.test` event to one endpoint. Steps:
 *   1. load the webhook (NotFound);
 *   2. refuse when it is disabled (409 WEBHOOK_DISABLED) or its stored URL is refused
 *      by today's rules (409 WEBHOOK_URL_REFUSED);
 *   3. publish the event through the outbox, like every other event; only this endpoint
 *      receives it.
 * Returns the event's id.
 */
export async function testWebhook(who: Principal, id: string): Promise<string> {
  const { subscription } = await storedWebhook(who, id);
  if (!subscription.enabled) refuseWebhookDisabled('test it');
  checkStoredEndpointUrl(subscription.url);
  const event = webhookTestEvent(ulid(), who.tenantId, subscription.id, who.username ?? who.subject, new Date().toISOString());
  await publishEvent(who.tenantId, event);
  return event.id;
}
