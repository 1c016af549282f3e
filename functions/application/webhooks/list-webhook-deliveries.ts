import type { Page } from '#adapters/dynamodb/query-page';
import { listDeliveries } from '#adapters/dynamodb/webhooks-repository';
import { storedWebhook } from '#application/webhooks/get-webhook';
import type { Principal } from '#domain/principal';
import type { WebhookDelivery } from '#domain/webhook-subscriptions';

/**
 * A page of a webhook's deliveries. Steps:
 *   1. the webhook must exist in the caller's tenant (NotFound);
 *   2. query its deliveries, of one status when asked.
 */
export async function listWebhookDeliveries(
  who: Principal,
  id: string,
  query: { limit: number; cursor?: string; status?: 'pending' | 'succeeded' | 'failed' },
): Promise<Page<WebhookDelivery>> {
  await storedWebhook(who, id);
  return listDeliveries(who.tenantId, id, query);
}
