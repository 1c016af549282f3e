import type { z } from 'zod';
import { createMaintenancePlan as create } from '#application/maintenance-plans/create-maintenance-plan';
import { caller, resourceResult } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { maintenancePlansRoutes } from '#lib/model/routes/maintenance-plans';
import type { IdParams } from '#lib/model/schemas/common';
import type { CreateMaintenancePlanBody } from '#lib/model/schemas/maintenance-plans';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export async function createMaintenancePlan({ params, body, principal }: HttpRequest<z.infer<typeof IdParams>, unknown, z.infer<typeof CreateMaintenancePlanBody>>) {
  const plan = await create(caller(principal), params.id, body);
  return resourceResult(plan, 201, { Location: `/v1/maintenance-plans/${plan.id}` });
}

export const handler = httpRoute(findRoute(maintenancePlansRoutes, 'createMaintenancePlan'), createMaintenancePlan);
