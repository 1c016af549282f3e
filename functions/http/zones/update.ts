import type * as z from 'zod';
import { updateZone as updateZoneUseCase } from '#application/zones/update-zone';
import { findRoute } from '#lib/model/find-route';
import { zonesRoutes } from '#lib/model/routes/zones';
import type { UpdateZoneBody } from '#lib/model/schemas/zones';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch, resourceResult } from '#http-stack/resources';

export async function updateZone({ params, body, headers, principal }: HttpRequest<{ id: string }, unknown, z.infer<typeof UpdateZoneBody>>) {
  const { before, after } = await updateZoneUseCase(caller(principal), params.id, body, (current) => checkIfMatch(headers['if-match'], current), new Date());
  return { ...resourceResult(after), audit: { before, after } };
}

export const handler = httpRoute(findRoute(zonesRoutes, 'updateZone'), updateZone);
