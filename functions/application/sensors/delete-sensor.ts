import { deleteSensor as removeSensor, getStoredSensor } from '#adapters/dynamodb/sensors-repository';
import { revokeDevice } from '#adapters/iot/device-registry';
import { foundOrNotFound, type VersionCheck } from '#application/visible';
import type { Principal } from '#domain/principal';
import type { Sensor } from '#domain/sensors';

/**
 * Deletes a sensor. Steps:
 *   1. load the sensor and its certificate id (NotFound);
 *   2. check the caller's precondition on the version read;
 *   3. revoke its device certificate first (a device that can still publish must not
 *      outlive its sensor);
 *   4. delete the sensor and release its id.
 * Its readings stay in the telemetry store (they expire with its retention). Returns the
 * sensor as it was.
 */
export async function deleteSensor(who: Principal, id: string, checkVersion: VersionCheck): Promise<Sensor> {
  const stored = foundOrNotFound(await getStoredSensor(who.tenantId, id), 'Sensor', id);
  checkVersion(stored.sensor);
  if (stored.certificateId) await revokeDevice(stored.sensor.id, stored.certificateId);
  await removeSensor(who.tenantId, stored.sensor);
  return stored.sensor;
}
