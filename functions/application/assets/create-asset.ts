import { ulid } from 'ulid';
import { createAsset as saveAsset } from '#adapters/dynamodb/assets-repository';
import { siteNamedInBody } from '#application/sites/site-named-in-body';
import { newAsset, type Asset, type NewAsset } from '#domain/assets';
import type { Principal } from '#domain/principal';
import { checkAssetNetwork } from './asset-network';

/**
 * Creates an asset. Steps:
 *   1. read the site it names (400 if none): the asset takes its client;
 *   2. build the asset;
 *   3. check its place in the network: pipe section, zone, parent (422, `checkAssetNetwork`);
 *   4. save it with its serial-number guard and the site's asset counter in one
 *      transaction, with its zone's asset count and its parent's existence (409 when the
 *      serial number is taken).
 */
export async function createAsset(who: Principal, fields: NewAsset): Promise<Asset> {
  const site = await siteNamedInBody(who.tenantId, fields.siteId);
  const asset = newAsset(ulid(), fields, site.clientId, new Date().toISOString());
  await checkAssetNetwork(who, asset);
  await saveAsset(who.tenantId, asset);
  return asset;
}
