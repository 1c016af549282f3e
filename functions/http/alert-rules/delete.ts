import { deleteAlertRule as deleteAlertRuleUseCase } from '#application/alert-rules/delete-alert-rule';
import { findRoute } from '#lib/model/find-route';
import { alertRulesRoutes } from '#lib/model/routes/alert-rules';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch } from '#http-stack/resources';

/** 412 when If-Match is stale; the rule's alerts stay, as history. */
export async function deleteAlertRule({ params, headers, principal }: HttpRequest<{ id: string }>) {
  const rule = await deleteAlertRuleUseCase(caller(principal), params.id, (current) => checkIfMatch(headers['if-match'], current));
  return { status: 204, audit: { resourceId: rule.id, before: rule } };
}

export const handler = httpRoute(findRoute(alertRulesRoutes, 'deleteAlertRule'), deleteAlertRule);
