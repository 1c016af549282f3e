import { getAsset } from '#adapters/dynamodb/assets-repository';
import { listMaintenancePlans as queryPlans } from '#adapters/dynamodb/maintenance-plans-repository';
import { canSeeAsset } from '#domain/assets';
import { findRoute } from '#lib/model/find-route';
import { maintenancePlansRoutes } from '#lib/model/routes/maintenance-plans';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult, visibleOr404 } from '#http-stack/resources';

export async function listMaintenancePlans({ params, query, principal }: HttpRequest<{ id: string }, { limit: number; cursor?: string }>) {
  const who = caller(principal);
  visibleOr404(await getAsset(who.tenantId, params.id), (a) => canSeeAsset(who, a), 'Asset', params.id);
  return pageResult(await queryPlans(who.tenantId, params.id, query));
}

export const handler = httpRoute(findRoute(maintenancePlansRoutes, 'listMaintenancePlans'), listMaintenancePlans);
