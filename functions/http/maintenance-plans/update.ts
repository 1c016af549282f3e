import type { z } from 'zod';
import { updateMaintenancePlan as update } from '#application/maintenance-plans/update-maintenance-plan';
import { caller, checkIfMatch, resourceResult } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { maintenancePlansRoutes } from '#lib/model/routes/maintenance-plans';
import type { IdParams } from '#lib/model/schemas/common';
import type { UpdateMaintenancePlanBody } from '#lib/model/schemas/maintenance-plans';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export async function updateMaintenancePlan({ params, body, headers, principal }: HttpRequest<z.infer<typeof IdParams>, unknown, z.infer<typeof UpdateMaintenancePlanBody>>) {
  const { before, after } = await update(caller(principal), params.id, body, (current) => checkIfMatch(headers['if-match'], current));
  return { ...resourceResult(after), audit: { before, after } };
}

export const handler = httpRoute(findRoute(maintenancePlansRoutes, 'updateMaintenancePlan'), updateMaintenancePlan);
