import { deleteSensor as deleteSensorUseCase } from '#application/sensors/delete-sensor';
import { findRoute } from '#lib/model/find-route';
import { sensorsRoutes } from '#lib/model/routes/sensors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch } from '#http-stack/resources';

export async function deleteSensor({ params, headers, principal }: HttpRequest<{ id: string }>) {
  const sensor = await deleteSensorUseCase(caller(principal), params.id, (current) => checkIfMatch(headers['if-match'], current));
  return { status: 204, audit: { resourceId: sensor.id, before: sensor } };
}

export const handler = httpRoute(findRoute(sensorsRoutes, 'deleteSensor'), deleteSensor);
