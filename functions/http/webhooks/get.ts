import { getWebhook as getWebhookUseCase } from '#application/webhooks/get-webhook';
import { findRoute } from '#lib/model/find-route';
import { webhooksRoutes } from '#lib/model/routes/webhooks';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

export async function getWebhook({ params, principal }: HttpRequest<{ id: string }>) {
  return resourceResult(await getWebhookUseCase(caller(principal), params.id));
}

export const handler = httpRoute(findRoute(webhooksRoutes, 'getWebhook'), getWebhook);
