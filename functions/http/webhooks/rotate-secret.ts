import { rotateWebhookSecret as rotateWebhookSecretUseCase } from '#application/webhooks/rotate-webhook-secret';
import { findRoute } from '#lib/model/find-route';
import { webhooksRoutes } from '#lib/model/routes/webhooks';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** The new secret is answered this once; the previous one still signs for 24 h. */
export async function rotateWebhookSecret({ params, principal }: HttpRequest<{ id: string }>) {
  const { secret, rotatedAt, previousSecretValidUntil } = await rotateWebhookSecretUseCase(caller(principal), params.id);
  return { status: 200, body: { id: params.id, secret, previousSecretValidUntil }, audit: { resourceId: params.id, after: { secretRotatedAt: rotatedAt } } };
}

export const handler = httpRoute(findRoute(webhooksRoutes, 'rotateWebhookSecret'), rotateWebhookSecret);
