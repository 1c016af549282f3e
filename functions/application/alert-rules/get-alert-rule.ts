import { getAlertRule as loadRule } from '#adapters/dynamodb/alert-rules-repository';
import { foundOrNotFound } from '#application/visible';
import type { AlertRule } from '#domain/alerts/rules';
import type { Principal } from '#domain/principal';

/**
 * Reads an alert rule. Steps:
 *   1. load it from the caller's tenant;
 *   2. NotFound unless it exists.
 */
export async function getAlertRule(who: Principal, id: string): Promise<AlertRule> {
  return foundOrNotFound(await loadRule(who.tenantId, id), 'AlertRule', id);
}
