import { getAlert as loadAlert } from '#adapters/dynamodb/alerts-repository';
import { visibleOrNotFound } from '#application/visible';
import { canSeeAlert, type Alert } from '#domain/alerts/alerts';
import type { Principal } from '#domain/principal';

/**
 * Reads an alert. Steps:
 *   1. load it from the caller's tenant;
 *   2. NotFound unless it exists and the caller may see it (another client's alert is missing).
 */
export async function getAlert(who: Principal, id: string): Promise<Alert> {
  return visibleOrNotFound(await loadAlert(who.tenantId, id), (a) => canSeeAlert(who, a), 'Alert', id);
}
