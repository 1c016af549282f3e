import { getMaintenancePlan as loadPlan } from '#adapters/dynamodb/maintenance-plans-repository';
import { canSeeClientData } from '#domain/principal';
import { findRoute } from '#lib/model/find-route';
import { maintenancePlansRoutes } from '#lib/model/routes/maintenance-plans';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult, visibleOr404 } from '#http-stack/resources';

export async function getMaintenancePlan({ params, principal }: HttpRequest<{ id: string }>) {
  const who = caller(principal);
  return resourceResult(visibleOr404(await loadPlan(who.tenantId, params.id), (p) => canSeeClientData(who, p.clientId), 'MaintenancePlan', params.id));
}

export const handler = httpRoute(findRoute(maintenancePlansRoutes, 'getMaintenancePlan'), getMaintenancePlan);
