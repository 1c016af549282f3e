import { getMaintenancePlan, syncAssetNextMaintenance, updateMaintenancePlan as savePlan } from '#adapters/dynamodb/maintenance-plans-repository';
import { checkMeterSensor, latestMeterReading } from '#adapters/telemetry/meter-readings';
import { applyMaintenancePlanPatch, hasTrigger, type MaintenancePlanPatch } from '#domain/maintenance-plans';
import { findRoute } from '#lib/model/find-route';
import { maintenancePlansRoutes } from '#lib/model/routes/maintenance-plans';
import { NotFound, ValidationFailed } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch, resourceResult } from '#http-stack/resources';

/** Steps: load; If-Match; a changed meter must be on the asset's site; keep a trigger; save on the version read; the asset follows. */
export async function updateMaintenancePlan({ params, body, headers, principal }: HttpRequest<{ id: string }, unknown, MaintenancePlanPatch>) {
  const { tenantId } = caller(principal);
  const plan = await getMaintenancePlan(tenantId, params.id);
  if (!plan) throw new NotFound('MaintenancePlan', params.id);
  checkIfMatch(headers['if-match'], plan);
  if (body.meter) await checkMeterSensor(tenantId, body.meter, plan);
  const meter = body.meter === undefined ? plan.meter : body.meter;
  const now = new Date().toISOString();
  const updated = applyMaintenancePlanPatch(plan, body, await latestMeterReading(tenantId, meter), now);
  if (!hasTrigger(updated)) throw new ValidationFailed('A plan needs a calendar or a meter interval', [{ path: 'body.calendar', message: 'give calendar, meter or both' }]);
  await savePlan(tenantId, updated, plan.version);
  await syncAssetNextMaintenance(tenantId, plan.assetId, now);
  return { ...resourceResult(updated), audit: { before: plan, after: updated } };
}

export const handler = httpRoute(findRoute(maintenancePlansRoutes, 'updateMaintenancePlan'), updateMaintenancePlan);
