import { ulid } from 'ulid';
import { createAlertRule as saveRule } from '#adapters/dynamodb/alert-rules-repository';
import { findSensorDirectoryEntry } from '#adapters/dynamodb/sensors-repository';
import { getZone } from '#adapters/dynamodb/zones-repository';
import { refuseUnknownSensor, refuseUnknownZone } from '#application/refusals';
import { siteNamedInBody } from '#application/sites/site-named-in-body';
import { newAlertRule, type AlertRule, type NewAlertRule } from '#domain/alerts/rules';
import type { Principal } from '#domain/principal';

/**
 * Creates an alert rule. Steps:
 *   1. the watched sensor (or site; for a leak rule, its zone if it names one) must exist in
 *      the caller's tenant (400 otherwise);
 *   2. build the rule;
 *   3. save it.
 */
export async function createAlertRule(who: Principal, fields: NewAlertRule): Promise<AlertRule> {
  if (fields.condition.type === 'leak') {
    if (fields.zoneId !== undefined && !(await getZone(who.tenantId, fields.zoneId))) refuseUnknownZone(fields.zoneId);
  } else if (fields.sensorId !== undefined) {
    const sensor = await findSensorDirectoryEntry(fields.sensorId);
    if (sensor?.tenantId !== who.tenantId) refuseUnknownSensor(fields.sensorId);
  } else {
    await siteNamedInBody(who.tenantId, fields.siteId as string);
  }
  const rule = newAlertRule(ulid(), fields, new Date().toISOString());
  await saveRule(who.tenantId, rule);
  return rule;
}
