import { getSensor, updateSensor as saveSensor } from '#adapters/dynamodb/sensors-repository';
import { getSite } from '#adapters/dynamodb/sites-repository';
import { applySensorPatch, type SensorPatch } from '#domain/sensors';
import { findRoute } from '#lib/model/find-route';
import { sensorsRoutes } from '#lib/model/routes/sensors';
import { NotFound, ValidationFailed } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch, resourceResult } from '#http-stack/resources';

/**
 * Steps: load the sensor; check If-Match; when it moves, read the destination site (the
 * sensor takes its client); apply the patch; save conditioned on the version read, with
 * the site and asset checked in the same transaction.
 */
export async function updateSensor({ params, body, headers, principal }: HttpRequest<{ id: string }, unknown, SensorPatch>) {
  const { tenantId } = caller(principal);
  const sensor = await getSensor(tenantId, params.id);
  if (!sensor) throw new NotFound('Sensor', params.id);
  checkIfMatch(headers['if-match'], sensor);
  const moving = body.siteId !== undefined && body.siteId !== sensor.siteId;
  const site = moving ? await getSite(tenantId, body.siteId as string) : undefined;
  if (moving && !site) throw new ValidationFailed('The site does not exist', [{ path: 'body.siteId', message: `no site ${body.siteId}` }]);
  const updated = applySensorPatch(sensor, body, site ? site.clientId : sensor.clientId, new Date().toISOString());
  await saveSensor(tenantId, sensor, updated);
  return { ...resourceResult(updated), audit: { before: sensor, after: updated } };
}

export const handler = httpRoute(findRoute(sensorsRoutes, 'updateSensor'), updateSensor);
