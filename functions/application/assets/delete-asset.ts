import { deleteAsset as removeAsset, getAsset } from '#adapters/dynamodb/assets-repository';
import { foundOrNotFound, type VersionCheck } from '#application/visible';
import type { Asset } from '#domain/assets';
import type { Principal } from '#domain/principal';

/**
 * Deletes an asset. Steps:
 *   1. load the asset (NotFound);
 *   2. check the caller's precondition on the version read;
 *   3. delete it, with its serial-number guard and its site's asset counter.
 * Returns the asset as it was.
 */
export async function deleteAsset(who: Principal, id: string, checkVersion: VersionCheck): Promise<Asset> {
  const asset = foundOrNotFound(await getAsset(who.tenantId, id), 'Asset', id);
  checkVersion(asset);
  await removeAsset(who.tenantId, asset);
  return asset;
}
