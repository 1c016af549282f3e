import type * as z from 'zod';
import { createZone as createZoneUseCase } from '#application/zones/create-zone';
import { findRoute } from '#lib/model/find-route';
import { zonesRoutes } from '#lib/model/routes/zones';
import type { CreateZoneBody } from '#lib/model/schemas/zones';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

export async function createZone({ body, principal }: HttpRequest<unknown, unknown, z.infer<typeof CreateZoneBody>>) {
  const zone = await createZoneUseCase(caller(principal), body, new Date());
  return resourceResult(zone, 201, { Location: `/v1/zones/${zone.id}` });
}

export const handler = httpRoute(findRoute(zonesRoutes, 'createZone'), createZone);
