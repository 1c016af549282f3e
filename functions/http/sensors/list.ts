import type * as z from 'zod';
import { listSensors as listSensorsUseCase } from '#application/sensors/list-sensors';
import { findRoute } from '#lib/model/find-route';
import { sensorsRoutes } from '#lib/model/routes/sensors';
import type { ListSensorsQuery } from '#lib/model/schemas/sensors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

/** Client users are confined to their client's sensors, whichever filters they pass. */
export async function listSensors({ query, principal }: HttpRequest<unknown, z.infer<typeof ListSensorsQuery>>) {
  return pageResult(await listSensorsUseCase(caller(principal), query));
}

export const handler = httpRoute(findRoute(sensorsRoutes, 'listSensors'), listSensors);
