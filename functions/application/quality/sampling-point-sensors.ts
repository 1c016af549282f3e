import { getSensor } from '#adapters/dynamodb/sensors-repository';
import { refuseForeignSensors } from '#application/refusals';
import { foreignSensors, type SamplingPoint } from '#domain/quality/sampling-points';

/**
 * The step create and update share: every sensor a point names must be a sensor of the
 * point's site (422 SENSOR_NOT_AT_SITE otherwise), as its readings are judged by the point's limits.
 */
export async function checkPointSensors(tenantId: string, point: Pick<SamplingPoint, 'siteId' | 'sensorIds'>): Promise<void> {
  if (point.sensorIds.length === 0) return;
  const sensors = await Promise.all(point.sensorIds.map((id) => getSensor(tenantId, id)));
  const siteOf = new Map(sensors.flatMap((s) => (s ? [[s.id, s.siteId] as const] : [])));
  const foreign = foreignSensors(point, siteOf);
  if (foreign.length > 0) refuseForeignSensors(foreign);
}
