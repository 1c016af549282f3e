import { getServiceRequest as loadRequest } from '#adapters/dynamodb/service-requests-repository';
import { canSeeRequest } from '#domain/service-requests';
import { findRoute } from '#lib/model/find-route';
import { requestsRoutes } from '#lib/model/routes/requests';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult, visibleOr404 } from '#http-stack/resources';

export async function getServiceRequest({ params, principal }: HttpRequest<{ id: string }>) {
  const who = caller(principal);
  return resourceResult(visibleOr404(await loadRequest(who.tenantId, params.id), (r) => canSeeRequest(who, r), 'Service request', params.id));
}

export const handler = httpRoute(findRoute(requestsRoutes, 'getServiceRequest'), getServiceRequest);
