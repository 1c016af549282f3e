import { getAlert as loadAlert } from '#adapters/dynamodb/alerts-repository';
import { canSeeAlert } from '#domain/alerts/alerts';
import { findRoute } from '#lib/model/find-route';
import { alertsRoutes } from '#lib/model/routes/alerts';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult, visibleOr404 } from '#http-stack/resources';

export async function getAlert({ params, principal }: HttpRequest<{ id: string }>) {
  const who = caller(principal);
  return resourceResult(visibleOr404(await loadAlert(who.tenantId, params.id), (a) => canSeeAlert(who, a), 'Alert', params.id));
}

export const handler = httpRoute(findRoute(alertsRoutes, 'getAlert'), getAlert);
