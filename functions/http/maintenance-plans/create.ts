import { ulid } from 'ulid';
import { getAsset } from '#adapters/dynamodb/assets-repository';
import { createMaintenancePlan as savePlan, syncAssetNextMaintenance } from '#adapters/dynamodb/maintenance-plans-repository';
import { checkMeterSensor, latestMeterReading } from '#adapters/telemetry/meter-readings';
import { canSeeAsset } from '#domain/assets';
import { newMaintenancePlan, type NewMaintenancePlan } from '#domain/maintenance-plans';
import { findRoute } from '#lib/model/find-route';
import { maintenancePlansRoutes } from '#lib/model/routes/maintenance-plans';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult, visibleOr404 } from '#http-stack/resources';

/**
 * Steps: load the asset; check the meter sensor is on its site; take the meter's
 * latest reading as the first baseline; store the plan; the asset's
 * `nextMaintenanceAt` follows its earliest plan.
 */
export async function createMaintenancePlan({ params, body, principal }: HttpRequest<{ id: string }, unknown, NewMaintenancePlan>) {
  const who = caller(principal);
  const asset = visibleOr404(await getAsset(who.tenantId, params.id), (a) => canSeeAsset(who, a), 'Asset', params.id);
  await checkMeterSensor(who.tenantId, body.meter, asset);
  const now = new Date().toISOString();
  const plan = newMaintenancePlan(ulid(), body, asset, await latestMeterReading(who.tenantId, body.meter ?? null), now);
  await savePlan(who.tenantId, plan);
  await syncAssetNextMaintenance(who.tenantId, asset.id, now);
  return resourceResult(plan, 201, { Location: `/v1/maintenance-plans/${plan.id}` });
}

export const handler = httpRoute(findRoute(maintenancePlansRoutes, 'createMaintenancePlan'), createMaintenancePlan);
