import { getApiKey as getApiKeyCase } from '#application/api-keys/get-api-key';
import { findRoute } from '#lib/model/find-route';
import { apiKeysRoutes } from '#lib/model/routes/api-keys';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

/** The key as Hydrant knows it: never its value, which only API Gateway keeps. */
export async function getApiKey({ params, principal }: HttpRequest<{ id: string }>) {
  return resourceResult(await getApiKeyCase(caller(principal).tenantId, params.id));
}

export const handler = httpRoute(findRoute(apiKeysRoutes, 'getApiKey'), getApiKey);
