import { ulid } from 'ulid';
import { findSensorDirectoryEntry } from '#adapters/dynamodb/sensors-repository';
import { createAlertRule as saveRule } from '#adapters/dynamodb/alert-rules-repository';
import { getSite } from '#adapters/dynamodb/sites-repository';
import { newAlertRule, type NewAlertRule } from '#domain/alerts/rules';
import { findRoute } from '#lib/model/find-route';
import { alertRulesRoutes } from '#lib/model/routes/alert-rules';
import { ValidationFailed } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

/** Steps: check that the watched sensor (or site) exists in the caller's tenant; save the rule. */
export async function createAlertRule({ body, principal }: HttpRequest<unknown, unknown, NewAlertRule>) {
  const { tenantId } = caller(principal);
  if (body.sensorId !== undefined) {
    const sensor = await findSensorDirectoryEntry(body.sensorId);
    if (sensor?.tenantId !== tenantId) throw new ValidationFailed('The sensor does not exist', [{ path: 'body.sensorId', message: `no sensor ${body.sensorId}` }]);
  } else if (!(await getSite(tenantId, body.siteId as string))) {
    throw new ValidationFailed('The site does not exist', [{ path: 'body.siteId', message: `no site ${body.siteId}` }]);
  }
  const rule = newAlertRule(ulid(), body, new Date().toISOString());
  await saveRule(tenantId, rule);
  return resourceResult(rule, 201, { Location: `/v1/alert-rules/${rule.id}` });
}

export const handler = httpRoute(findRoute(alertRulesRoutes, 'createAlertRule'), createAlertRule);
