import { readSensorLatest } from '#application/telemetry/read-sensor-latest';
import { findRoute } from '#lib/model/find-route';
import { telemetryRoutes } from '#lib/model/routes/telemetry';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

export async function getSensorLatest({ params, principal }: HttpRequest<{ id: string }>) {
  return { status: 200, body: await readSensorLatest(caller(principal), params.id) };
}

export const handler = httpRoute(findRoute(telemetryRoutes, 'getSensorLatest'), getSensorLatest);
