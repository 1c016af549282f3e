import { getAsset, updateAsset as saveAsset } from '#adapters/dynamodb/assets-repository';
import { plansOfAsset } from '#adapters/dynamodb/maintenance-plans-repository';
import { foundOrNotFound, type VersionCheck } from '#application/visible';
import { destinationSite } from '#application/sites/site-named-in-body';
import { applyAssetPatch, type Asset, type AssetPatch } from '#domain/assets';
import type { Principal } from '#domain/principal';
import { checkAssetNetwork, checkNoChildren } from './asset-network';

/**
 * Changes an asset. Steps:
 *   1. load the asset (NotFound);
 *   2. check the caller's precondition on the version read;
 *   3. when it moves, read the destination site (400 if none): the asset takes its client;
 *   4. apply the patch, with the asset's maintenance plans so that `nextMaintenanceAt`
 *      stays the earliest of its interval and its plans' due dates;
 *   5. check its place in the network (`checkAssetNetwork`, 422), and that no asset names it
 *      as parent when it leaves its site (409 ASSET_HAS_CHILDREN);
 *   6. save it conditioned on the version read (with both sites' asset counters when it
 *      moves, and both zones' asset counts when it changes zone).
 */
export async function updateAsset(who: Principal, id: string, patch: AssetPatch, checkVersion: VersionCheck): Promise<{ before: Asset; after: Asset }> {
  const asset = foundOrNotFound(await getAsset(who.tenantId, id), 'Asset', id);
  checkVersion(asset);
  const newSite = await destinationSite(who.tenantId, asset.siteId, patch.siteId);
  const updated = applyAssetPatch(asset, patch, newSite ? newSite.clientId : asset.clientId, new Date().toISOString(), await plansOfAsset(who.tenantId, asset.id));
  await checkAssetNetwork(who, updated, asset);
  if (updated.siteId !== asset.siteId) await checkNoChildren(who.tenantId, asset.siteId, asset.id);
  await saveAsset(who.tenantId, asset, updated, newSite);
  return { before: asset, after: updated };
}
