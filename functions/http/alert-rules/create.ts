import type * as z from 'zod';
import { createAlertRule as createAlertRuleUseCase } from '#application/alert-rules/create-alert-rule';
import { findRoute } from '#lib/model/find-route';
import { alertRulesRoutes } from '#lib/model/routes/alert-rules';
import type { CreateAlertRuleBody } from '#lib/model/schemas/alert-rules';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

export async function createAlertRule({ body, principal }: HttpRequest<unknown, unknown, z.infer<typeof CreateAlertRuleBody>>) {
  const rule = await createAlertRuleUseCase(caller(principal), body);
  return resourceResult(rule, 201, { Location: `/v1/alert-rules/${rule.id}` });
}

export const handler = httpRoute(findRoute(alertRulesRoutes, 'createAlertRule'), createAlertRule);
