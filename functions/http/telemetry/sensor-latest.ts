import { getSensor } from '#adapters/dynamodb/sensors-repository';
import { telemetryStore } from '#adapters/telemetry/telemetry-store';
import { canSeeSensor, latestOf } from '#domain/sensors';
import { findRoute } from '#lib/model/find-route';
import { telemetryRoutes } from '#lib/model/routes/telemetry';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, visibleOr404 } from '#http-stack/resources';

export async function getSensorLatest({ params, principal }: HttpRequest<{ id: string }>) {
  const who = caller(principal);
  const sensor = visibleOr404(await getSensor(who.tenantId, params.id), (s) => canSeeSensor(who, s), 'Sensor', params.id);
  const latest = await telemetryStore.latest(who.tenantId, [sensor.id]);
  return { status: 200, body: latestOf(sensor, latest.get(sensor.id)) };
}

export const handler = httpRoute(findRoute(telemetryRoutes, 'getSensorLatest'), getSensorLatest);
