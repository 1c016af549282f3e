import { deleteWebhook as deleteWebhookUseCase } from '#application/webhooks/delete-webhook';
import { findRoute } from '#lib/model/find-route';
import { webhooksRoutes } from '#lib/model/routes/webhooks';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch } from '#http-stack/resources';

/** Pending deliveries of a deleted webhook fail at their next attempt, without sending. */
export async function deleteWebhook({ params, headers, principal }: HttpRequest<{ id: string }>) {
  const subscription = await deleteWebhookUseCase(caller(principal), params.id, (current) => checkIfMatch(headers['if-match'], current));
  return { status: 204, audit: { resourceId: subscription.id, before: subscription } };
}

export const handler = httpRoute(findRoute(webhooksRoutes, 'deleteWebhook'), deleteWebhook);
