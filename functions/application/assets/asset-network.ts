import { getAsset, listAssets } from '#adapters/dynamodb/assets-repository';
import { getZone } from '#adapters/dynamodb/zones-repository';
import { refuseAssetWithChildren, refuseParentAsset, refusePipeSection, refuseUnknownZone } from '#application/refusals';
import { MAX_ASSET_DEPTH, parentRefusal, pipeIssues, type Asset, type AssetAncestry } from '#domain/assets';
import { canSeeClientData, type Principal } from '#domain/principal';

/**
 * The checks create and update share on an asset's place in the network. Steps:
 *   1. a pipe has its section and installation date, no other type has a section (422);
 *   2. a zone it newly names exists and the caller can see it (422 UNKNOWN_ZONE);
 *   3. a parent it newly names (or keeps while moving site) exists, is on its site and is
 *      not below it: the chain of parents is read upwards (422 with the refusal's code).
 * `before` is the asset as stored, absent on creation.
 */
export async function checkAssetNetwork(who: Principal, asset: Asset, before?: Asset): Promise<void> {
  const issues = pipeIssues(asset);
  if (issues.length > 0) refusePipeSection(issues);
  if (asset.zoneId && asset.zoneId !== before?.zoneId) {
    const zone = await getZone(who.tenantId, asset.zoneId);
    if (!zone || !canSeeClientData(who, zone.clientId)) refuseUnknownZone(asset.zoneId);
  }
  const parentId = asset.parentAssetId;
  if (parentId && (parentId !== before?.parentAssetId || asset.siteId !== before.siteId)) {
    const refusal = parentRefusal(asset.id, asset.siteId, parentId, await ancestryOf(who.tenantId, parentId, asset.id));
    if (refusal) refuseParentAsset(refusal, parentId);
  }
}

/** The parent and its ancestors, read one by one until the top, the asset itself, or MAX_ASSET_DEPTH. */
async function ancestryOf(tenantId: string, parentId: string, selfId: string): Promise<AssetAncestry> {
  const ancestry = new Map<string, { siteId: string; parentAssetId: string | null }>();
  let at: string | null = parentId;
  while (at !== null && at !== selfId && !ancestry.has(at) && ancestry.size <= MAX_ASSET_DEPTH) {
    const found: Asset | undefined = await getAsset(tenantId, at);
    if (!found) break;
    ancestry.set(at, { siteId: found.siteId, parentAssetId: found.parentAssetId });
    at = found.parentAssetId;
  }
  return ancestry;
}

/** Refuses (409 ASSET_HAS_CHILDREN) when an asset of `siteId` names `assetId` as its parent. */
export async function checkNoChildren(tenantId: string, siteId: string, assetId: string): Promise<void> {
  const { items } = await listAssets(tenantId, { siteId, parentAssetId: assetId, limit: 1 });
  if (items[0]) refuseAssetWithChildren(items[0].id);
}
