import { getAlertRule, putAlertRuleVersion } from '#adapters/dynamodb/alert-rules-repository';
import { clearOpenAlertsOfRule } from '#adapters/dynamodb/alert-transitions';
import { refuseSubjectChange } from '#application/refusals';
import { foundOrNotFound, type VersionCheck } from '#application/visible';
import { applyAlertRulePatch, changesSubject, type AlertRule, type AlertRulePatch } from '#domain/alerts/rules';
import type { Principal } from '#domain/principal';

/**
 * Changes an alert rule. Steps:
 *   1. load the rule (NotFound);
 *   2. check the caller's precondition on the version read;
 *   3. apply the patch (the scope cannot change, nor can a condition move the rule between
 *      sensors and zones: 400);
 *   4. save it conditioned on the version read (a changed condition starts the
 *      evaluation memory of its pairs afresh; open alerts stay open until they clear);
 *   5. disabling the rule clears its open alerts (nothing would clear them any more).
 */
export async function updateAlertRule(who: Principal, id: string, patch: AlertRulePatch, checkVersion: VersionCheck): Promise<{ before: AlertRule; after: AlertRule }> {
  const rule = foundOrNotFound(await getAlertRule(who.tenantId, id), 'AlertRule', id);
  checkVersion(rule);
  if (changesSubject(rule, patch)) refuseSubjectChange();
  const updated = applyAlertRulePatch(rule, patch, new Date().toISOString());
  await putAlertRuleVersion(who.tenantId, updated, rule.version);
  if (rule.enabled && !updated.enabled) await clearOpenAlertsOfRule(who.tenantId, updated, 'the rule was disabled', new Date());
  return { before: rule, after: updated };
}
