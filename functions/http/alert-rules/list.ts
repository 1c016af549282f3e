import { listAlertRules as queryRules } from '#adapters/dynamodb/alert-rules-repository';
import { findRoute } from '#lib/model/find-route';
import { alertRulesRoutes } from '#lib/model/routes/alert-rules';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

type Query = { limit: number; cursor?: string; sensorId?: string; siteId?: string };

export async function listAlertRules({ query, principal }: HttpRequest<unknown, Query>) {
  return pageResult(await queryRules(caller(principal).tenantId, query));
}

export const handler = httpRoute(findRoute(alertRulesRoutes, 'listAlertRules'), listAlertRules);
