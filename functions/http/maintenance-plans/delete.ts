import { deleteMaintenancePlan as removePlan, getMaintenancePlan, syncAssetNextMaintenance } from '#adapters/dynamodb/maintenance-plans-repository';
import { findRoute } from '#lib/model/find-route';
import { maintenancePlansRoutes } from '#lib/model/routes/maintenance-plans';
import { NotFound } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch } from '#http-stack/resources';

/** Work orders the plan already opened stay; no new ones are opened; the asset's `nextMaintenanceAt` no longer counts the plan. */
export async function deleteMaintenancePlan({ params, headers, principal }: HttpRequest<{ id: string }>) {
  const { tenantId } = caller(principal);
  const plan = await getMaintenancePlan(tenantId, params.id);
  if (!plan) throw new NotFound('MaintenancePlan', params.id);
  checkIfMatch(headers['if-match'], plan);
  await removePlan(tenantId, plan);
  await syncAssetNextMaintenance(tenantId, plan.assetId, new Date().toISOString());
  return { status: 204, audit: { resourceId: plan.id, before: plan } };
}

export const handler = httpRoute(findRoute(maintenancePlansRoutes, 'deleteMaintenancePlan'), deleteMaintenancePlan);
