import { findRoute } from '#lib/model/find-route';
import { webhooksRoutes } from '#lib/model/routes/webhooks';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';
import { webhookOr404 } from './common';

export async function getWebhook({ params, principal }: HttpRequest<{ id: string }>) {
  return resourceResult((await webhookOr404(caller(principal).tenantId, params.id)).subscription);
}

export const handler = httpRoute(findRoute(webhooksRoutes, 'getWebhook'), getWebhook);
