import type * as z from 'zod';
import { listZones as listZonesUseCase } from '#application/zones/list-zones';
import { findRoute } from '#lib/model/find-route';
import { zonesRoutes } from '#lib/model/routes/zones';
import type { ListZonesQuery } from '#lib/model/schemas/zones';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

export async function listZones({ query, principal }: HttpRequest<unknown, z.infer<typeof ListZonesQuery>>) {
  return pageResult(await listZonesUseCase(caller(principal), query));
}

export const handler = httpRoute(findRoute(zonesRoutes, 'listZones'), listZones);
