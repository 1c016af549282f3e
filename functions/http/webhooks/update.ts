import { saveWebhook } from '#adapters/dynamodb/webhooks-repository';
import { applyWebhookPatch, type WebhookPatch } from '#domain/webhook-subscriptions';
import { findRoute } from '#lib/model/find-route';
import { webhooksRoutes } from '#lib/model/routes/webhooks';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch, resourceResult } from '#http-stack/resources';
import { checkEndpointUrl, webhookOr404 } from './common';

export async function updateWebhook({ params, body, headers, principal }: HttpRequest<{ id: string }, unknown, WebhookPatch>) {
  const { tenantId } = caller(principal);
  const stored = await webhookOr404(tenantId, params.id);
  checkIfMatch(headers['if-match'], stored.subscription);
  checkEndpointUrl(body.url);
  const updated = applyWebhookPatch(stored.subscription, body, new Date().toISOString());
  await saveWebhook(tenantId, { ...stored, subscription: updated }, stored.subscription.version);
  return { ...resourceResult(updated), audit: { before: stored.subscription, after: updated } };
}

export const handler = httpRoute(findRoute(webhooksRoutes, 'updateWebhook'), updateWebhook);
