import { deleteMaintenancePlan as removePlan, getMaintenancePlan, syncAssetNextMaintenance } from '#adapters/dynamodb/maintenance-plans-repository';
import { foundOrNotFound, type VersionCheck } from '#application/visible';
import type { MaintenancePlan } from '#domain/maintenance-plans';
import type { Principal } from '#domain/principal';

/**
 * Deletes a maintenance plan. Steps: load it (NotFound); the caller's precondition on
 * the version read; delete it; the asset's `nextMaintenanceAt` no longer counts it.
 * Work orders the plan already opened stay; no new ones are opened.
 */
export async function deleteMaintenancePlan(who: Principal, id: string, precondition: VersionCheck): Promise<MaintenancePlan> {
  const plan = foundOrNotFound(await getMaintenancePlan(who.tenantId, id), 'MaintenancePlan', id);
  precondition(plan);
  await removePlan(who.tenantId, plan);
  await syncAssetNextMaintenance(who.tenantId, plan.assetId, new Date().toISOString());
  return plan;
}
