/**
 * A maintenance plan of an asset. Steps:
 *   1. load the asset (visible to the caller);
 *   2. a meter sensor the plan follows must be on the asset's site;
 *   3. the meter's latest reading is the first baseline;
 *   4. store the plan; the asset's `nextMaintenanceAt` follows its earliest plan.
 */
import { ulid } from 'ulid';
import { getAsset } from '#adapters/dynamodb/assets-repository';
import { createMaintenancePlan as savePlan, syncAssetNextMaintenance } from '#adapters/dynamodb/maintenance-plans-repository';
import { checkMeterSensor, latestMeterReading } from '#adapters/telemetry/meter-readings';
import { visibleOrNotFound } from '#application/visible';
import { canSeeAsset } from '#domain/assets';
import { newMaintenancePlan, type MaintenancePlan, type NewMaintenancePlan } from '#domain/maintenance-plans';
import type { Principal } from '#domain/principal';

export async function createMaintenancePlan(who: Principal, assetId: string, input: NewMaintenancePlan): Promise<MaintenancePlan> {
  const asset = visibleOrNotFound(await getAsset(who.tenantId, assetId), (a) => canSeeAsset(who, a), 'Asset', assetId);
  await checkMeterSensor(who.tenantId, input.meter, asset);
  const now = new Date().toISOString();
  const plan = newMaintenancePlan(ulid(), input, asset, await latestMeterReading(who.tenantId, input.meter ?? null), now);
  await savePlan(who.tenantId, plan);
  await syncAssetNextMaintenance(who.tenantId, asset.id, now);
  return plan;
}
