import { getAlertRule as getAlertRuleUseCase } from '#application/alert-rules/get-alert-rule';
import { findRoute } from '#lib/model/find-route';
import { alertRulesRoutes } from '#lib/model/routes/alert-rules';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

export async function getAlertRule({ params, principal }: HttpRequest<{ id: string }>) {
  return resourceResult(await getAlertRuleUseCase(caller(principal), params.id));
}

export const handler = httpRoute(findRoute(alertRulesRoutes, 'getAlertRule'), getAlertRule);
