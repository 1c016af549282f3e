import { deleteWebhook as removeWebhook } from '#adapters/dynamodb/webhooks-repository';
import { findRoute } from '#lib/model/find-route';
import { webhooksRoutes } from '#lib/model/routes/webhooks';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch } from '#http-stack/resources';
import { webhookOr404 } from './common';

/** Pending deliveries of a deleted webhook fail at their next attempt, without sending. */
export async function deleteWebhook({ params, headers, principal }: HttpRequest<{ id: string }>) {
  const { tenantId } = caller(principal);
  const { subscription } = await webhookOr404(tenantId, params.id);
  checkIfMatch(headers['if-match'], subscription);
  await removeWebhook(tenantId, subscription.id, subscription.version);
  return { status: 204, audit: { resourceId: subscription.id, before: subscription } };
}

export const handler = httpRoute(findRoute(webhooksRoutes, 'deleteWebhook'), deleteWebhook);
