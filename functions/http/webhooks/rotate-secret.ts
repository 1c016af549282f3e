import { saveWebhook } from '#adapters/dynamodb/webhooks-repository';
import { sealSecret } from '#adapters/kms/webhook-secrets';
import { rotatedSecrets } from '#domain/webhook-subscriptions';
import { newWebhookSecret, ROTATION_OVERLAP_MS } from '#domain/webhooks';
import { findRoute } from '#lib/model/find-route';
import { webhooksRoutes } from '#lib/model/routes/webhooks';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';
import { webhookOr404 } from './common';

/** Steps: a fresh secret, sealed; the current one retires in 24 h (both sign meanwhile); older ones are dropped. */
export async function rotateWebhookSecret({ params, principal }: HttpRequest<{ id: string }>) {
  const { tenantId } = caller(principal);
  const stored = await webhookOr404(tenantId, params.id);
  const now = new Date().toISOString();
  const secret = newWebhookSecret();
  const secrets = rotatedSecrets(stored.secrets, await sealSecret(tenantId, params.id, secret), now);
  const subscription = { ...stored.subscription, secretRotatedAt: now, version: stored.subscription.version + 1, updatedAt: now };
  await saveWebhook(tenantId, { subscription, secrets }, stored.subscription.version);
  const previousSecretValidUntil = new Date(Date.parse(now) + ROTATION_OVERLAP_MS).toISOString();
  return { status: 200, body: { id: params.id, secret, previousSecretValidUntil }, audit: { resourceId: params.id, after: { secretRotatedAt: now } } };
}

export const handler = httpRoute(findRoute(webhooksRoutes, 'rotateWebhookSecret'), rotateWebhookSecret);
