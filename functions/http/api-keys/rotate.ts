import { discardGatewayKey, provisionGatewayKey, setGatewayKeyEnabled } from '#adapters/apigateway/api-keys';
import { getApiKey, saveApiKey } from '#adapters/dynamodb/api-keys-repository';
import { forgetKeyPolicy } from '#adapters/dynamodb/control/key-policies';
import { auditView, gatewayEnabled, generateKeyValue, graceUntil, rotateApiKey as withNewValue } from '#domain/api-keys';
import { findRoute } from '#lib/model/find-route';
import { apiKeyRoutes } from '#lib/model/routes/api-keys';
import { httpRoute, type HttpRequest } from '#platform/http-route';
import { logger } from '#platform/observability';
import { caller, checkIfMatch, resourceResult, visibleOr404 } from '#platform/resources';

/**
 * Steps: load the key; check If-Match; a new value in a new gateway key of the same
 * plan; save the key (the new value current, the old one retiring) with the new
 * policy and the old one's `graceUntil`, conditioned on the version read (the new
 * gateway key is deleted when that fails). With no grace at all, the old gateway key
 * is also disabled at once. The maintenance schedule deletes it when its grace ends.
 */
export async function rotateApiKey({ params, body, headers, principal }: HttpRequest<{ id: string }, unknown, { gracePeriodHours: number }>) {
  const { tenantId } = caller(principal);
  const key = visibleOr404(await getApiKey(tenantId, params.id), () => true, 'API key', params.id);
  checkIfMatch(headers['if-match'], key);
  const now = new Date();
  const until = graceUntil(now.getTime(), body.gracePeriodHours);
  const value = generateKeyValue();
  const gatewayKeyId = await provisionGatewayKey({
    name: `${key.name} (${key.id})`,
    description: `Hydrant API key ${key.id} of ${key.owner}, tenant ${tenantId}`,
    value,
    planId: key.planId,
    enabled: gatewayEnabled(key, now.getTime()),
  });
  const rotated = withNewValue(key, { gatewayKeyId, value }, until, now.toISOString());
  try {
    await saveApiKey(tenantId, rotated, key.version, { policiesOf: [gatewayKeyId, key.gatewayKeyId] });
  } catch (error) {
    await discardGatewayKey(gatewayKeyId);
    throw error;
  }
  if (body.gracePeriodHours === 0) {
    // The policy already refuses it; API Gateway refusing it too does not wait for caches.
    await setGatewayKeyEnabled(key.gatewayKeyId, false).catch((error: unknown) => logger.warn('Could not disable the rotated-out gateway key', { error: error as Error }));
  }
  forgetKeyPolicy(gatewayKeyId);
  forgetKeyPolicy(key.gatewayKeyId);
  const shownOnce = { ...rotated, value };
  return { ...resourceResult(shownOnce), audit: { resourceId: key.id, before: auditView(key), after: auditView(rotated) } };
}

export const handler = httpRoute(findRoute(apiKeyRoutes, 'rotateApiKey'), rotateApiKey);
