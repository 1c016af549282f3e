import { getMaintenancePlan as loadPlan } from '#adapters/dynamodb/maintenance-plans-repository';
import { visibleOrNotFound } from '#application/visible';
import type { MaintenancePlan } from '#domain/maintenance-plans';
import { canSeeClientData, type Principal } from '#domain/principal';

/** A maintenance plan. Steps: load it; NotFound when it does not exist or belongs to another client than a client user's. */
export async function getMaintenancePlan(who: Principal, id: string): Promise<MaintenancePlan> {
  return visibleOrNotFound(await loadPlan(who.tenantId, id), (p) => canSeeClientData(who, p.clientId), 'MaintenancePlan', id);
}
