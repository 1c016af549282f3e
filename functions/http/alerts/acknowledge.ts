import { acknowledgeAlert as acknowledgeAlertUseCase } from '#application/alerts/acknowledge-alert';
import { findRoute } from '#lib/model/find-route';
import { alertsRoutes } from '#lib/model/routes/alerts';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

/** 409 ALERT_NOT_ACTIVE unless the alert is active. */
export async function acknowledgeAlert({ params, principal }: HttpRequest<{ id: string }>) {
  const { before, after } = await acknowledgeAlertUseCase(caller(principal), params.id);
  return { ...resourceResult(after), audit: { before, after } };
}

export const handler = httpRoute(findRoute(alertsRoutes, 'acknowledgeAlert'), acknowledgeAlert);
