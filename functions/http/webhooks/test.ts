import { testWebhook as testWebhookUseCase } from '#application/webhooks/test-webhook';
import { findRoute } from '#lib/model/find-route';
import { webhooksRoutes } from '#lib/model/routes/webhooks';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** 202: a `webhook.test` event is on its way to this endpoint only. */
export async function testWebhook({ params, principal }: HttpRequest<{ id: string }>) {
  const eventId = await testWebhookUseCase(caller(principal), params.id);
  return { status: 202, body: { eventId, type: 'webhook.test' } };
}

export const handler = httpRoute(findRoute(webhooksRoutes, 'testWebhook'), testWebhook);
