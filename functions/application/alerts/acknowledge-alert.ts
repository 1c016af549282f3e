import { saveAcknowledgement } from '#adapters/dynamodb/alerts-repository';
import { getAlert } from '#application/alerts/get-alert';
import { refuseAlertNotActive } from '#application/refusals';
import { acknowledgedAlert, type Alert } from '#domain/alerts/alerts';
import type { Principal } from '#domain/principal';

/**
 * Acknowledges an alert. Steps:
 *   1. the alert must be visible to the caller (NotFound);
 *   2. refuse unless it is active (409 ALERT_NOT_ACTIVE);
 *   3. record who acknowledged it and when, conditioned on the version read.
 */
export async function acknowledgeAlert(who: Principal, id: string): Promise<{ before: Alert; after: Alert }> {
  const alert = await getAlert(who, id);
  if (alert.status !== 'active') refuseAlertNotActive(alert.status);
  const acknowledged = acknowledgedAlert(alert, who, new Date().toISOString());
  await saveAcknowledgement(who.tenantId, acknowledged, alert.version);
  return { before: alert, after: acknowledged };
}
