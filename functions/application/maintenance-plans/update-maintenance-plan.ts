/**
 * Edits a maintenance plan. Steps:
 *   1. load it (NotFound) and check the caller's precondition on the version read;
 *   2. a changed meter must be on the asset's site; its latest reading is the new baseline;
 *   3. the plan keeps a trigger (a calendar or a meter interval, else 400);
 *   4. save on the version read; the asset's `nextMaintenanceAt` follows.
 */
import { getMaintenancePlan, syncAssetNextMaintenance, updateMaintenancePlan as savePlan } from '#adapters/dynamodb/maintenance-plans-repository';
import { checkMeterSensor, latestMeterReading } from '#adapters/telemetry/meter-readings';
import { foundOrNotFound, type Change, type VersionCheck } from '#application/visible';
import { applyMaintenancePlanPatch, hasTrigger, type MaintenancePlan, type MaintenancePlanPatch } from '#domain/maintenance-plans';
import type { Principal } from '#domain/principal';
import { ValidationFailed } from '#platform/errors';

export async function updateMaintenancePlan(who: Principal, id: string, patch: MaintenancePlanPatch, precondition: VersionCheck): Promise<Change<MaintenancePlan>> {
  const plan = foundOrNotFound(await getMaintenancePlan(who.tenantId, id), 'MaintenancePlan', id);
  precondition(plan);
  if (patch.meter) await checkMeterSensor(who.tenantId, patch.meter, plan);
  const meter = patch.meter === undefined ? plan.meter : patch.meter;
  const now = new Date().toISOString();
  const updated = applyMaintenancePlanPatch(plan, patch, await latestMeterReading(who.tenantId, meter), now);
  if (!hasTrigger(updated)) throw new ValidationFailed('A plan needs a calendar or a meter interval', [{ path: 'body.calendar', message: 'give calendar, meter or both' }]);
  await savePlan(who.tenantId, updated, plan.version);
  await syncAssetNextMaintenance(who.tenantId, plan.assetId, now);
  return { before: plan, after: updated };
}
