import { putSiteWithAssets } from '#adapters/dynamodb/assets-repository';
import { getSite, putSiteVersion } from '#adapters/dynamodb/sites-repository';
import { foundOrNotFound, type VersionCheck } from '#application/visible';
import type { Principal } from '#domain/principal';
import { applySitePatch, type Site, type SitePatch } from '#domain/sites';

/**
 * Changes a site. Steps:
 *   1. load the site (NotFound);
 *   2. check the caller's precondition on the version read;
 *   3. apply the patch;
 *   4. save it conditioned on the version read; a site that changes client carries its
 *      assets along in the same transaction.
 */
export async function updateSite(who: Principal, id: string, patch: SitePatch, checkVersion: VersionCheck): Promise<{ before: Site; after: Site }> {
  const site = foundOrNotFound(await getSite(who.tenantId, id), 'Site', id);
  checkVersion(site);
  const updated = applySitePatch(site, patch, new Date().toISOString());
  if (updated.clientId !== site.clientId && site.assetCount > 0) await putSiteWithAssets(who.tenantId, updated, site.version);
  else await putSiteVersion(who.tenantId, updated, site.version);
  return { before: site, after: updated };
}
