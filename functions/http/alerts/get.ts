import { getAlert as getAlertUseCase } from '#application/alerts/get-alert';
import { findRoute } from '#lib/model/find-route';
import { alertsRoutes } from '#lib/model/routes/alerts';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

export async function getAlert({ params, principal }: HttpRequest<{ id: string }>) {
  return resourceResult(await getAlertUseCase(caller(principal), params.id));
}

export const handler = httpRoute(findRoute(alertsRoutes, 'getAlert'), getAlert);
