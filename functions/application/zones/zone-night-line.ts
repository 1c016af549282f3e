import { hourlyMeans } from '#adapters/telemetry/hourly-means';
import { nightFlow, type NightFlowRow } from '#domain/leaks/night-flow';
import type { Zone } from '#domain/leaks/zones';

/**
 * The step the night-flow routes and the nightly leak detector share: the hourly means of
 * every meter and pressure sensor of the zone in its time zone over `[from, to)`, turned
 * into one row per night (pure `nightFlow`).
 */
export async function zoneNightLine(tenantId: string, zone: Zone, from: number, to: number): Promise<NightFlowRow[]> {
  const read = (sensorId: string) => hourlyMeans(tenantId, sensorId, from, to, zone.timezone);
  const [meters, pressure] = await Promise.all([Promise.all(zone.meters.map((m) => read(m.sensorId))), Promise.all(zone.pressureSensorIds.map(read))]);
  return nightFlow(zone, meters, from, to, pressure);
}
