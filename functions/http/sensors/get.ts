import { getSensor as loadSensor } from '#adapters/dynamodb/sensors-repository';
import { canSeeSensor } from '#domain/sensors';
import { findRoute } from '#lib/model/find-route';
import { sensorsRoutes } from '#lib/model/routes/sensors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult, visibleOr404 } from '#http-stack/resources';

export async function getSensor({ params, principal }: HttpRequest<{ id: string }>) {
  const who = caller(principal);
  const sensor = visibleOr404(await loadSensor(who.tenantId, params.id), (s) => canSeeSensor(who, s), 'Sensor', params.id);
  return resourceResult(sensor);
}

export const handler = httpRoute(findRoute(sensorsRoutes, 'getSensor'), getSensor);
