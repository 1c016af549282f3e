import type * as z from 'zod';
import { listAlertRules as listAlertRulesUseCase } from '#application/alert-rules/list-alert-rules';
import { findRoute } from '#lib/model/find-route';
import { alertRulesRoutes } from '#lib/model/routes/alert-rules';
import type { ListAlertRulesQuery } from '#lib/model/schemas/alert-rules';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

export async function listAlertRules({ query, principal }: HttpRequest<unknown, z.infer<typeof ListAlertRulesQuery>>) {
  return pageResult(await listAlertRulesUseCase(caller(principal), query));
}

export const handler = httpRoute(findRoute(alertRulesRoutes, 'listAlertRules'), listAlertRules);
