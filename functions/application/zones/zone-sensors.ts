import { getSensor } from '#adapters/dynamodb/sensors-repository';
import { refuseZoneSensors } from '#application/refusals';
import { zoneSensorIds, zoneSensorRefusal, type Zone, type ZoneSensorFacts } from '#domain/leaks/zones';
import type { Principal } from '#domain/principal';

/**
 * The step create and update share: read every sensor the zone names and check them
 * (`zoneSensorRefusal`: existing and visible to the caller, flow meters and pressure
 * sensors, of the zone's client); a refusal becomes its 422.
 */
export async function checkZoneSensors(who: Principal, zone: Pick<Zone, 'meters' | 'pressureSensorIds' | 'clientId'>): Promise<void> {
  const sensors = await Promise.all(zoneSensorIds(zone).map((id) => getSensor(who.tenantId, id)));
  const found = new Map<string, ZoneSensorFacts>(sensors.flatMap((s) => (s ? [[s.id, { kind: s.kind, clientId: s.clientId }] as const] : [])));
  const refusal = zoneSensorRefusal(zone, found, who);
  if (refusal) refuseZoneSensors(refusal);
}
