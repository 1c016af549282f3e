import { getAsset } from '#adapters/dynamodb/assets-repository';
import { listMaintenancePlans as queryPlans } from '#adapters/dynamodb/maintenance-plans-repository';
import type { Page } from '#adapters/dynamodb/query-page';
import type { PageAsk } from '#application/pages';
import { visibleOrNotFound } from '#application/visible';
import { canSeeAsset } from '#domain/assets';
import type { MaintenancePlan } from '#domain/maintenance-plans';
import type { Principal } from '#domain/principal';

/** A page of an asset's maintenance plans. Steps: the asset must be visible to the caller; query its plans. */
export async function listMaintenancePlans(who: Principal, assetId: string, page: PageAsk): Promise<Page<MaintenancePlan>> {
  visibleOrNotFound(await getAsset(who.tenantId, assetId), (a) => canSeeAsset(who, a), 'Asset', assetId);
  return queryPlans(who.tenantId, assetId, page);
}
