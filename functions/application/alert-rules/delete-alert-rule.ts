import { deleteAlertRule as removeRule, getAlertRule } from '#adapters/dynamodb/alert-rules-repository';
import { clearOpenAlertsOfRule } from '#adapters/dynamodb/alert-transitions';
import { deletePairStatesOfRule } from '#adapters/dynamodb/alerts-repository';
import { foundOrNotFound, type VersionCheck } from '#application/visible';
import type { AlertRule } from '#domain/alerts/rules';
import type { Principal } from '#domain/principal';

/**
 * Deletes an alert rule. Steps:
 *   1. load the rule (NotFound);
 *   2. check the caller's precondition on the version read;
 *   3. delete it conditioned on that version;
 *   4. clear the alerts it kept open (they stay, as history);
 *   5. forget its evaluation states.
 * Returns the rule as it was.
 */
export async function deleteAlertRule(who: Principal, id: string, checkVersion: VersionCheck): Promise<AlertRule> {
  const rule = foundOrNotFound(await getAlertRule(who.tenantId, id), 'AlertRule', id);
  checkVersion(rule);
  await removeRule(who.tenantId, rule.id, rule.version);
  await clearOpenAlertsOfRule(who.tenantId, rule, 'the rule was deleted', new Date());
  await deletePairStatesOfRule(who.tenantId, rule.id);
  return rule;
}
