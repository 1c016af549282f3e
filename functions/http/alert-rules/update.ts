import type * as z from 'zod';
import { updateAlertRule as updateAlertRuleUseCase } from '#application/alert-rules/update-alert-rule';
import { findRoute } from '#lib/model/find-route';
import { alertRulesRoutes } from '#lib/model/routes/alert-rules';
import type { UpdateAlertRuleBody } from '#lib/model/schemas/alert-rules';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch, resourceResult } from '#http-stack/resources';

export async function updateAlertRule({ params, body, headers, principal }: HttpRequest<{ id: string }, unknown, z.infer<typeof UpdateAlertRuleBody>>) {
  const { before, after } = await updateAlertRuleUseCase(caller(principal), params.id, body, (current) => checkIfMatch(headers['if-match'], current));
  return { ...resourceResult(after), audit: { before, after } };
}

export const handler = httpRoute(findRoute(alertRulesRoutes, 'updateAlertRule'), updateAlertRule);
