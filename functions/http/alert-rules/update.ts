import { getAlertRule, putAlertRuleVersion } from '#adapters/dynamodb/alert-rules-repository';
import { clearOpenAlertsOfRule } from '#adapters/dynamodb/alert-transitions';
import { applyAlertRulePatch, type AlertRulePatch } from '#domain/alerts/rules';
import { findRoute } from '#lib/model/find-route';
import { alertRulesRoutes } from '#lib/model/routes/alert-rules';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch, resourceResult, visibleOr404 } from '#http-stack/resources';

/**
 * Steps: load the rule; check If-Match; apply the patch (the scope cannot change);
 * save it conditioned on the version read. A changed condition starts the
 * evaluation memory of its pairs afresh; open alerts stay open until they clear.
 * Disabling the rule clears its open alerts (nothing would clear them any more).
 */
export async function updateAlertRule({ params, body, headers, principal }: HttpRequest<{ id: string }, unknown, AlertRulePatch>) {
  const { tenantId } = caller(principal);
  const rule = visibleOr404(await getAlertRule(tenantId, params.id), () => true, 'AlertRule', params.id);
  checkIfMatch(headers['if-match'], rule);
  const updated = applyAlertRulePatch(rule, body, new Date().toISOString());
  await putAlertRuleVersion(tenantId, updated, rule.version);
  if (rule.enabled && !updated.enabled) await clearOpenAlertsOfRule(tenantId, updated, 'the rule was disabled', new Date());
  return { ...resourceResult(updated), audit: { before: rule, after: updated } };
}

export const handler = httpRoute(findRoute(alertRulesRoutes, 'updateAlertRule'), updateAlertRule);
