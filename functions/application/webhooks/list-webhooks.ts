import type { Page } from '#adapters/dynamodb/query-page';
import { listWebhooks as queryWebhooks } from '#adapters/dynamodb/webhooks-repository';
import type { Principal } from '#domain/principal';
import type { WebhookSubscription } from '#domain/webhook-subscriptions';

/** A page of the tenant's webhook subscriptions. */
export async function listWebhooks(who: Principal, query: { limit: number; cursor?: string }): Promise<Page<WebhookSubscription>> {
  return queryWebhooks(who.tenantId, query);
}
