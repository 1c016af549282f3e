import { deleteZone as deleteZoneUseCase } from '#application/zones/delete-zone';
import { findRoute } from '#lib/model/find-route';
import { zonesRoutes } from '#lib/model/routes/zones';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch } from '#http-stack/resources';

export async function deleteZone({ params, headers, principal }: HttpRequest<{ id: string }>) {
  const zone = await deleteZoneUseCase(caller(principal), params.id, (current) => checkIfMatch(headers['if-match'], current));
  return { status: 204, audit: { resourceId: zone.id, before: zone } };
}

export const handler = httpRoute(findRoute(zonesRoutes, 'deleteZone'), deleteZone);
