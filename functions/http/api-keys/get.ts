import { getApiKey as loadApiKey } from '#adapters/dynamodb/api-keys-repository';
import { findRoute } from '#lib/model/find-route';
import { apiKeysRoutes } from '#lib/model/routes/api-keys';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult, visibleOr404 } from '#http-stack/resources';

/** The key as Hydrant knows it: never its value, which only API Gateway keeps. */
export async function getApiKey({ params, principal }: HttpRequest<{ id: string }>) {
  const { tenantId } = caller(principal);
  return resourceResult(visibleOr404(await loadApiKey(tenantId, params.id), () => true, 'API key', params.id));
}

export const handler = httpRoute(findRoute(apiKeysRoutes, 'getApiKey'), getApiKey);
