import { telemetryStore } from '#adapters/telemetry/telemetry-store';
import { getSensor } from '#application/sensors/get-sensor';
import type { Principal } from '#domain/principal';
import { latestOf } from '#domain/sensors';

/**
 * A sensor's latest reading. Steps:
 *   1. the sensor must be visible to the caller (another client's is NotFound);
 *   2. its latest reading from the telemetry store (none yet: nulls).
 */
export async function readSensorLatest(who: Principal, sensorId: string): Promise<ReturnType<typeof latestOf>> {
  const sensor = await getSensor(who, sensorId);
  const latest = await telemetryStore.latest(who.tenantId, [sensor.id]);
  return latestOf(sensor, latest.get(sensor.id));
}
