import type { z } from 'zod';
import { getMaintenancePlan as read } from '#application/maintenance-plans/get-maintenance-plan';
import { caller, resourceResult } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { maintenancePlansRoutes } from '#lib/model/routes/maintenance-plans';
import type { IdParams } from '#lib/model/schemas/common';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export async function getMaintenancePlan({ params, principal }: HttpRequest<z.infer<typeof IdParams>>) {
  return resourceResult(await read(caller(principal), params.id));
}

export const handler = httpRoute(findRoute(maintenancePlansRoutes, 'getMaintenancePlan'), getMaintenancePlan);
