import { getAsset as loadAsset } from '#adapters/dynamodb/assets-repository';
import { visibleOrNotFound } from '#application/visible';
import { canSeeAsset, type Asset } from '#domain/assets';
import type { Principal } from '#domain/principal';

/**
 * Reads an asset (in either API version's representation). Steps:
 *   1. load it from the caller's tenant;
 *   2. NotFound unless it exists and the caller may see it (another client's asset is missing).
 */
export async function getAsset(who: Principal, id: string): Promise<Asset> {
  return visibleOrNotFound(await loadAsset(who.tenantId, id), (a) => canSeeAsset(who, a), 'Asset', id);
}
