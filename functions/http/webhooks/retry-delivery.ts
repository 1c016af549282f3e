import { retryWebhookDelivery as retryWebhookDeliveryUseCase } from '#application/webhooks/retry-webhook-delivery';
import { deliveryView } from '#domain/webhook-subscriptions';
import { findRoute } from '#lib/model/find-route';
import { webhooksRoutes } from '#lib/model/routes/webhooks';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** 202: one more attempt, now; a pending delivery is 409 with its next attempt. */
export async function retryWebhookDelivery({ params, principal }: HttpRequest<{ id: string; deliveryId: string }>) {
  const delivery = await retryWebhookDeliveryUseCase(caller(principal), params.id, params.deliveryId);
  return { status: 202, body: deliveryView(delivery), audit: { resourceId: delivery.id } };
}

export const handler = httpRoute(findRoute(webhooksRoutes, 'retryWebhookDelivery'), retryWebhookDelivery);
