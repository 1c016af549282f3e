import type * as z from 'zod';
import { listWebhookDeliveries as listWebhookDeliveriesUseCase } from '#application/webhooks/list-webhook-deliveries';
import { deliveryView } from '#domain/webhook-subscriptions';
import { findRoute } from '#lib/model/find-route';
import { webhooksRoutes } from '#lib/model/routes/webhooks';
import type { ListDeliveriesQuery } from '#lib/model/schemas/webhooks';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

export async function listWebhookDeliveries({ params, query, principal }: HttpRequest<{ id: string }, z.infer<typeof ListDeliveriesQuery>>) {
  const page = await listWebhookDeliveriesUseCase(caller(principal), params.id, query);
  return pageResult({ items: page.items.map(deliveryView), nextCursor: page.nextCursor });
}

export const handler = httpRoute(findRoute(webhooksRoutes, 'listWebhookDeliveries'), listWebhookDeliveries);
