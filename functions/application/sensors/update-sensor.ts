import { getSensor, updateSensor as saveSensor } from '#adapters/dynamodb/sensors-repository';
import { foundOrNotFound, type VersionCheck } from '#application/visible';
import { destinationSite } from '#application/sites/site-named-in-body';
import type { Principal } from '#domain/principal';
import { applySensorPatch, type Sensor, type SensorPatch } from '#domain/sensors';

/**
 * Changes a sensor. Steps:
 *   1. load the sensor (NotFound);
 *   2. check the caller's precondition on the version read;
 *   3. when it moves, read the destination site (400 if none): the sensor takes its client;
 *   4. apply the patch;
 *   5. save it conditioned on the version read, with the site and asset checked in the
 *      same transaction.
 */
export async function updateSensor(who: Principal, id: string, patch: SensorPatch, checkVersion: VersionCheck): Promise<{ before: Sensor; after: Sensor }> {
  const sensor = foundOrNotFound(await getSensor(who.tenantId, id), 'Sensor', id);
  checkVersion(sensor);
  const site = await destinationSite(who.tenantId, sensor.siteId, patch.siteId);
  const updated = applySensorPatch(sensor, patch, site ? site.clientId : sensor.clientId, new Date().toISOString());
  await saveSensor(who.tenantId, sensor, updated);
  return { before: sensor, after: updated };
}
