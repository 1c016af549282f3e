import { getAlertRule as loadRule } from '#adapters/dynamodb/alert-rules-repository';
import { findRoute } from '#lib/model/find-route';
import { alertRulesRoutes } from '#lib/model/routes/alert-rules';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult, visibleOr404 } from '#http-stack/resources';

export async function getAlertRule({ params, principal }: HttpRequest<{ id: string }>) {
  const { tenantId } = caller(principal);
  return resourceResult(visibleOr404(await loadRule(tenantId, params.id), () => true, 'AlertRule', params.id));
}

export const handler = httpRoute(findRoute(alertRulesRoutes, 'getAlertRule'), getAlertRule);
