import type { Page } from '#adapters/dynamodb/query-page';
import { listSensors as querySensors, type SensorQuery } from '#adapters/dynamodb/sensors-repository';
import { confinedClientId, type Principal } from '#domain/principal';
import type { Sensor } from '#domain/sensors';

/**
 * A page of the tenant's sensors. Steps:
 *   1. a client user is confined to its client's sensors, whichever filters it passes;
 *   2. query the sensors.
 */
export async function listSensors(who: Principal, query: Omit<SensorQuery, 'clientId'>): Promise<Page<Sensor>> {
  return querySensors(who.tenantId, { ...query, clientId: confinedClientId(who) });
}
