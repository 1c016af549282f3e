import { getAlert, saveAcknowledgement } from '#adapters/dynamodb/alerts-repository';
import { acknowledgedAlert, canSeeAlert } from '#domain/alerts/alerts';
import { findRoute } from '#lib/model/find-route';
import { alertsRoutes } from '#lib/model/routes/alerts';
import { Conflict } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult, visibleOr404 } from '#http-stack/resources';

/** Steps: load the alert; refuse unless active (409 ALERT_NOT_ACTIVE); record who and when, conditioned on the version read. */
export async function acknowledgeAlert({ params, principal }: HttpRequest<{ id: string }>) {
  const who = caller(principal);
  const alert = visibleOr404(await getAlert(who.tenantId, params.id), (a) => canSeeAlert(who, a), 'Alert', params.id);
  if (alert.status !== 'active') throw new Conflict(`The alert is ${alert.status}; only an active alert can be acknowledged`, 'ALERT_NOT_ACTIVE');
  const acknowledged = acknowledgedAlert(alert, who, new Date().toISOString());
  await saveAcknowledgement(who.tenantId, acknowledged, alert.version);
  return { ...resourceResult(acknowledged), audit: { before: alert, after: acknowledged } };
}

export const handler = httpRoute(findRoute(alertsRoutes, 'acknowledgeAlert'), acknowledgeAlert);
