import { telemetryStore } from '#adapters/telemetry/telemetry-store';
import { getSensor } from '#application/sensors/get-sensor';
import type { Principal } from '#domain/principal';
import { readingsQuery, wrapCursor, type ReadingsParams } from '#domain/telemetry/readings-query';
import { InvalidCursor } from '#platform/errors';

/**
 * A page of a sensor's readings. Steps:
 *   1. the sensor must be visible to the caller (another client's is NotFound);
 *   2. build the store query from the parameters and the cursor (a cursor of another
 *      query is refused);
 *   3. query the telemetry store;
 *   4. return the page, its next cursor wrapped with the query it continues.
 */
export async function readSensorReadings(who: Principal, sensorId: string, params: ReadingsParams) {
  const sensor = await getSensor(who, sensorId);
  const q = readingsQuery(sensor.id, params, Date.now());
  if (!q) throw new InvalidCursor();
  const page = await telemetryStore.query(who.tenantId, q);
  return {
    sensorId: sensor.id,
    unit: sensor.unit,
    interval: q.interval,
    agg: q.agg,
    tz: q.tz,
    points: page.points,
    nextCursor: page.nextCursor ? wrapCursor(q, page.nextCursor) : null,
  };
}
