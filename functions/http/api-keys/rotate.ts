import { rotateKeyValue } from '#adapters/apigateway/key-rotation';
import { getApiKey } from '#adapters/dynamodb/api-keys-repository';
import { auditView } from '#domain/api-keys';
import { findRoute } from '#lib/model/find-route';
import { apiKeysRoutes } from '#lib/model/routes/api-keys';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch, resourceResult, visibleOr404 } from '#http-stack/resources';

/**
 * Steps: load the key; check If-Match; rotate its value (`rotateKeyValue`: a new
 * gateway key, the old one retiring after the grace period); answer the new value once.
 */
export async function rotateApiKey({ params, body, headers, principal }: HttpRequest<{ id: string }, unknown, { gracePeriodHours: number }>) {
  const { tenantId } = caller(principal);
  const key = visibleOr404(await getApiKey(tenantId, params.id), () => true, 'API key', params.id);
  checkIfMatch(headers['if-match'], key);
  const { rotated, value } = await rotateKeyValue(tenantId, key, body.gracePeriodHours, new Date());
  const shownOnce = { ...rotated, value };
  return { ...resourceResult(shownOnce), audit: { resourceId: key.id, before: auditView(key), after: auditView(rotated) } };
}

export const handler = httpRoute(findRoute(apiKeysRoutes, 'rotateApiKey'), rotateApiKey);
