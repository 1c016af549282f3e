import type { z } from 'zod';
import { deleteMaintenancePlan as remove } from '#application/maintenance-plans/delete-maintenance-plan';
import { caller, checkIfMatch } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { maintenancePlansRoutes } from '#lib/model/routes/maintenance-plans';
import type { IdParams } from '#lib/model/schemas/common';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export async function deleteMaintenancePlan({ params, headers, principal }: HttpRequest<z.infer<typeof IdParams>>) {
  const plan = await remove(caller(principal), params.id, (current) => checkIfMatch(headers['if-match'], current));
  return { status: 204, audit: { resourceId: plan.id, before: plan } };
}

export const handler = httpRoute(findRoute(maintenancePlansRoutes, 'deleteMaintenancePlan'), deleteMaintenancePlan);
