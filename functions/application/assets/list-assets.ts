import type { Page } from '#adapters/dynamodb/query-page';
import { listAssets as queryAssets, type AssetQuery } from '#adapters/dynamodb/assets-repository';
import type { Asset } from '#domain/assets';
import { confinedClientId, type Principal } from '#domain/principal';

/**
 * A page of the tenant's assets. Steps:
 *   1. a client user is confined to its client's assets, whichever filters it passes;
 *   2. query the assets.
 */
export async function listAssets(who: Principal, query: Omit<AssetQuery, 'clientId'>): Promise<Page<Asset>> {
  return queryAssets(who.tenantId, { ...query, clientId: confinedClientId(who) });
}
