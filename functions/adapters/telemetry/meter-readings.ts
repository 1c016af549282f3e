/** The meter of a maintenance plan: its sensor, checked against the asset, and its latest reading. */
import { getSensor } from '#adapters/dynamodb/sensors-repository';
import type { MeterReading, MeterRule } from '#domain/maintenance-plans';
import { ValidationFailed } from '#platform/errors';
import { telemetryStore } from './telemetry-store';

/** The latest reading of a meter sensor from the telemetry store, if it has one. */
export async function latestMeterReading(tenantId: string, meter: MeterRule | null): Promise<MeterReading | undefined> {
  if (!meter) return undefined;
  const reading = (await telemetryStore.latest(tenantId, [meter.sensorId])).get(meter.sensorId);
  return reading ? { value: reading.value, ts: reading.ts } : undefined;
}

/** A plan's meter must be a sensor of the tenant on the asset's site (so it never reads another client's data). */
export async function checkMeterSensor(tenantId: string, meter: MeterRule | null | undefined, asset: { siteId: string }): Promise<void> {
  if (!meter) return;
  const sensor = await getSensor(tenantId, meter.sensorId);
  if (!sensor || sensor.siteId !== asset.siteId) {
    throw new ValidationFailed('The meter sensor does not exist on the asset\'s site', [{ path: 'body.meter.sensorId', message: `no sensor ${meter.sensorId} on site ${asset.siteId}` }]);
  }
}
