import { ulid } from 'ulid';
import { publishEvent } from '#adapters/dynamodb/outbox';
import { findRoute } from '#lib/model/find-route';
import { webhooksRoutes } from '#lib/model/routes/webhooks';
import { Conflict } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';
import { checkStoredEndpointUrl, webhookOr404 } from './common';

/** A `webhook.test` event through the outbox, like every other event; only this endpoint receives it. */
export async function testWebhook({ params, principal }: HttpRequest<{ id: string }>) {
  const who = caller(principal);
  const { subscription } = await webhookOr404(who.tenantId, params.id);
  if (!subscription.enabled) throw new Conflict('The webhook is disabled; enable it to test it', 'WEBHOOK_DISABLED');
  checkStoredEndpointUrl(subscription.url);
  const eventId = ulid();
  await publishEvent(who.tenantId, {
    id: eventId,
    type: 'webhook.test',
    occurredAt: new Date().toISOString(),
    tenant: who.tenantId,
    data: { webhookId: subscription.id, message: 'A test event from Hydrant', requestedBy: who.username ?? who.subject },
  });
  return { status: 202, body: { eventId, type: 'webhook.test' } };
}

export const handler = httpRoute(findRoute(webhooksRoutes, 'testWebhook'), testWebhook);
