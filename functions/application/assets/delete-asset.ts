import { deleteAsset as removeAsset, getAsset } from '#adapters/dynamodb/assets-repository';
import { foundOrNotFound, type VersionCheck } from '#application/visible';
import type { Asset } from '#domain/assets';
import type { Principal } from '#domain/principal';
import { checkNoChildren } from './asset-network';

/**
 * Deletes an asset. Steps:
 *   1. load the asset (NotFound);
 *   2. check the caller's precondition on the version read;
 *   3. refuse when another asset names it as parent (409 ASSET_HAS_CHILDREN);
 *   4. delete it, with its serial-number guard, its site's asset counter and its zone's asset count.
 * Returns the asset as it was.
 */
export async function deleteAsset(who: Principal, id: string, checkVersion: VersionCheck): Promise<Asset> {
  const asset = foundOrNotFound(await getAsset(who.tenantId, id), 'Asset', id);
  checkVersion(asset);
  await checkNoChildren(who.tenantId, asset.siteId, asset.id);
  await removeAsset(who.tenantId, asset);
  return asset;
}
