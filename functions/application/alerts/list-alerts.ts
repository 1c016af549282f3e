import { listAlerts as queryAlerts, type AlertQuery } from '#adapters/dynamodb/alerts-repository';
import type { Page } from '#adapters/dynamodb/query-page';
import type { Alert } from '#domain/alerts/alerts';
import { confinedClientId, type Principal } from '#domain/principal';

/**
 * A page of the tenant's alerts. Steps:
 *   1. a client user is confined to its client's alerts, whichever filters it passes;
 *   2. query the alerts.
 */
export async function listAlerts(who: Principal, query: Omit<AlertQuery, 'clientId'>): Promise<Page<Alert>> {
  return queryAlerts(who.tenantId, { ...query, clientId: confinedClientId(who) });
}
