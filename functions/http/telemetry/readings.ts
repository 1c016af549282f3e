import { getSensor } from '#adapters/dynamodb/sensors-repository';
import { telemetryStore } from '#adapters/telemetry/telemetry-store';
import { canSeeSensor } from '#domain/sensors';
import { readingsQuery, wrapCursor, type ReadingsParams } from '#domain/telemetry/readings-query';
import { findRoute } from '#lib/model/find-route';
import { telemetryRoutes } from '#lib/model/routes/telemetry';
import { InvalidCursor } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, visibleOr404 } from '#http-stack/resources';

/** A page of a sensor's readings; the sensor must be visible to the caller (another client's is 404). */
export async function getSensorReadings({ params, query, principal }: HttpRequest<{ id: string }, ReadingsParams>) {
  const who = caller(principal);
  const sensor = visibleOr404(await getSensor(who.tenantId, params.id), (s) => canSeeSensor(who, s), 'Sensor', params.id);
  const q = readingsQuery(sensor.id, query, Date.now());
  if (!q) throw new InvalidCursor();
  const page = await telemetryStore.query(who.tenantId, q);
  return {
    status: 200,
    body: {
      sensorId: sensor.id,
      unit: sensor.unit,
      interval: q.interval,
      agg: q.agg,
      tz: q.tz,
      points: page.points,
      nextCursor: page.nextCursor ? wrapCursor(q, page.nextCursor) : null,
    },
  };
}

export const handler = httpRoute(findRoute(telemetryRoutes, 'getSensorReadings'), getSensorReadings);
