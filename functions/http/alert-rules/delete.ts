import { deleteAlertRule as removeRule, getAlertRule } from '#adapters/dynamodb/alert-rules-repository';
import { clearOpenAlertsOfRule } from '#adapters/dynamodb/alert-transitions';
import { deletePairStatesOfRule } from '#adapters/dynamodb/alerts-repository';
import { findRoute } from '#lib/model/find-route';
import { alertRulesRoutes } from '#lib/model/routes/alert-rules';
import { NotFound } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch } from '#http-stack/resources';

/** Deletes the rule (412 when If-Match is stale), clears the alerts it kept open and forgets its evaluation states; its alerts stay, as history. */
export async function deleteAlertRule({ params, headers, principal }: HttpRequest<{ id: string }>) {
  const { tenantId } = caller(principal);
  const rule = await getAlertRule(tenantId, params.id);
  if (!rule) throw new NotFound('AlertRule', params.id);
  checkIfMatch(headers['if-match'], rule);
  await removeRule(tenantId, rule.id, rule.version);
  await clearOpenAlertsOfRule(tenantId, rule, 'the rule was deleted', new Date());
  await deletePairStatesOfRule(tenantId, rule.id);
  return { status: 204, audit: { resourceId: rule.id, before: rule } };
}

export const handler = httpRoute(findRoute(alertRulesRoutes, 'deleteAlertRule'), deleteAlertRule);
