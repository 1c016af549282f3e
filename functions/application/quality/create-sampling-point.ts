import { ulid } from 'ulid';
import { createSamplingPoint as savePoint } from '#adapters/dynamodb/sampling-points-repository';
import type { Principal } from '#domain/principal';
import { newSamplingPoint, type NewSamplingPoint, type SamplingPoint } from '#domain/quality/sampling-points';
import { checkPointSensors } from './sampling-point-sensors';
import { siteOfBody } from './quality-site';

/**
 * Creates a sampling point. Steps:
 *   1. read its site, visible to the caller (400 otherwise): the point takes the site's client;
 *   2. check the sensors it names are sensors of that site (422 SENSOR_NOT_AT_SITE);
 *   3. store it (version 1), with a check that the site still exists.
 */
export async function createSamplingPoint(who: Principal, input: NewSamplingPoint, now: Date): Promise<SamplingPoint> {
  const site = await siteOfBody(who, input.siteId);
  const point = newSamplingPoint(ulid(), input, site.clientId ?? null, now.toISOString());
  await checkPointSensors(who.tenantId, point);
  await savePoint(who.tenantId, point);
  return point;
}
