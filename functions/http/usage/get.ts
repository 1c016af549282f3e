import { getUsage as getUsageCase } from '#application/usage/get-usage';
import { findRoute } from '#lib/model/find-route';
import { usageRoutes } from '#lib/model/routes/usage';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** GET /v1/usage: the calling key's quota, used and remaining. */
export async function getUsage(request: HttpRequest) {
  return { status: 200, body: await getUsageCase(request.apiKeyId) };
}

export const handler = httpRoute(findRoute(usageRoutes, 'getUsage'), getUsage);
