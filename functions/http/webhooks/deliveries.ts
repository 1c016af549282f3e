import { listDeliveries } from '#adapters/dynamodb/webhooks-repository';
import { deliveryView } from '#domain/webhook-subscriptions';
import { findRoute } from '#lib/model/find-route';
import { webhooksRoutes } from '#lib/model/routes/webhooks';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';
import { webhookOr404 } from './common';

type Query = { limit: number; cursor?: string; status?: 'pending' | 'succeeded' | 'failed' };

export async function listWebhookDeliveries({ params, query, principal }: HttpRequest<{ id: string }, Query>) {
  const { tenantId } = caller(principal);
  await webhookOr404(tenantId, params.id);
  const page = await listDeliveries(tenantId, params.id, query);
  return pageResult({ items: page.items.map(deliveryView), nextCursor: page.nextCursor });
}

export const handler = httpRoute(findRoute(webhooksRoutes, 'listWebhookDeliveries'), listWebhookDeliveries);
