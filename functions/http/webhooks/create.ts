import { ulid } from 'ulid';
import { createWebhook as saveNewWebhook } from '#adapters/dynamodb/webhooks-repository';
import { sealSecret } from '#adapters/kms/webhook-secrets';
import { newSubscription, type NewWebhook } from '#domain/webhook-subscriptions';
import { newWebhookSecret } from '#domain/webhooks';
import { findRoute } from '#lib/model/find-route';
import { webhooksRoutes } from '#lib/model/routes/webhooks';
import { etagOf } from '#http-stack/etag';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';
import { checkEndpointUrl } from './common';

/** Steps: check the URL; a fresh `whsec_` secret, sealed before it is stored; the secret answered this once. */
export async function createWebhook({ body, principal }: HttpRequest<unknown, unknown, NewWebhook>) {
  const { tenantId } = caller(principal);
  checkEndpointUrl(body.url);
  const id = ulid();
  const now = new Date().toISOString();
  const secret = newWebhookSecret();
  const subscription = newSubscription(id, body, now);
  await saveNewWebhook(tenantId, { subscription, secrets: [{ sealed: await sealSecret(tenantId, id, secret), createdAt: now, retiresAt: null }] });
  return {
    status: 201,
    body: { ...subscription, secret },
    etag: etagOf(subscription.version),
    headers: { Location: `/v1/webhooks/${id}` },
    audit: { resourceId: id, after: subscription },
  };
}

export const handler = httpRoute(findRoute(webhooksRoutes, 'createWebhook'), createWebhook);
