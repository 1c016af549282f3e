import { getZone as getZoneUseCase } from '#application/zones/get-zone';
import { findRoute } from '#lib/model/find-route';
import { zonesRoutes } from '#lib/model/routes/zones';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

export async function getZone({ params, principal }: HttpRequest<{ id: string }>) {
  return resourceResult(await getZoneUseCase(caller(principal), params.id));
}

export const handler = httpRoute(findRoute(zonesRoutes, 'getZone'), getZone);
