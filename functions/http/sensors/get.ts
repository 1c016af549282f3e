import { getSensor as getSensorUseCase } from '#application/sensors/get-sensor';
import { findRoute } from '#lib/model/find-route';
import { sensorsRoutes } from '#lib/model/routes/sensors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

export async function getSensor({ params, principal }: HttpRequest<{ id: string }>) {
  return resourceResult(await getSensorUseCase(caller(principal), params.id));
}

export const handler = httpRoute(findRoute(sensorsRoutes, 'getSensor'), getSensor);
