import { getDelivery, saveDelivery } from '#adapters/dynamodb/webhooks-repository';
import { queueDeliveryJobs } from '#adapters/sqs/webhook-deliveries';
import { deliveryView, reopened } from '#domain/webhook-subscriptions';
import { findRoute } from '#lib/model/find-route';
import { webhooksRoutes } from '#lib/model/routes/webhooks';
import { Conflict, NotFound } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';
import { webhookOr404 } from './common';

/**
 * One more attempt, now, of a failed or succeeded delivery (same `webhook-id`). A pending
 * one is already scheduled: 409 with its next attempt, rather than a second schedule.
 */
export async function retryWebhookDelivery({ params, principal }: HttpRequest<{ id: string; deliveryId: string }>) {
  const { tenantId } = caller(principal);
  const { subscription } = await webhookOr404(tenantId, params.id);
  const delivery = await getDelivery(tenantId, params.id, params.deliveryId);
  if (!delivery) throw new NotFound('Webhook delivery', params.deliveryId);
  if (!subscription.enabled) throw new Conflict('The webhook is disabled; enable it to retry its deliveries', 'WEBHOOK_DISABLED');
  if (delivery.status === 'pending') throw new Conflict(`The delivery is already scheduled (next attempt ${delivery.nextAttemptAt ?? 'now'})`, 'DELIVERY_PENDING');
  const now = new Date().toISOString();
  const next = reopened(delivery, now);
  if (!(await saveDelivery(tenantId, next, delivery))) throw new Conflict('The delivery changed meanwhile; read it again', 'DELIVERY_CHANGED');
  await queueDeliveryJobs([{ tenant: tenantId, webhookId: params.id, deliveryId: delivery.id, attempt: delivery.attempts.length + 1, dueAt: now, trigger: 'manual' }]);
  return { status: 202, body: deliveryView(next), audit: { resourceId: delivery.id } };
}

export const handler = httpRoute(findRoute(webhooksRoutes, 'retryWebhookDelivery'), retryWebhookDelivery);
