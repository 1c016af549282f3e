import { getSensor as loadSensor } from '#adapters/dynamodb/sensors-repository';
import { visibleOrNotFound } from '#application/visible';
import type { Principal } from '#domain/principal';
import { canSeeSensor, type Sensor } from '#domain/sensors';

/**
 * Reads a sensor (for itself, or before its readings). Steps:
 *   1. load it from the caller's tenant;
 *   2. NotFound unless it exists and the caller may see it (another client's sensor is missing).
 */
export async function getSensor(who: Principal, id: string): Promise<Sensor> {
  return visibleOrNotFound(await loadSensor(who.tenantId, id), (s) => canSeeSensor(who, s), 'Sensor', id);
}
