import type * as z from 'zod';
import { createWebhook as createWebhookUseCase } from '#application/webhooks/create-webhook';
import { findRoute } from '#lib/model/find-route';
import { webhooksRoutes } from '#lib/model/routes/webhooks';
import type { CreateWebhookBody } from '#lib/model/schemas/webhooks';
import { etagOf } from '#http-stack/etag';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** The signing secret is answered this once. */
export async function createWebhook({ body, principal }: HttpRequest<unknown, unknown, z.infer<typeof CreateWebhookBody>>) {
  const { subscription, secret } = await createWebhookUseCase(caller(principal), body);
  return {
    status: 201,
    body: { ...subscription, secret },
    etag: etagOf(subscription.version),
    headers: { Location: `/v1/webhooks/${subscription.id}` },
    audit: { resourceId: subscription.id, after: subscription },
  };
}

export const handler = httpRoute(findRoute(webhooksRoutes, 'createWebhook'), createWebhook);
