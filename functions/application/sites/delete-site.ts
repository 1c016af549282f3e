import { deleteSite as removeSite, getSite } from '#adapters/dynamodb/sites-repository';
import { foundOrNotFound, type VersionCheck } from '#application/visible';
import type { Principal } from '#domain/principal';
import type { Site } from '#domain/sites';

/**
 * Deletes a site. Steps:
 *   1. load the site (NotFound);
 *   2. check the caller's precondition on the version read;
 *   3. delete it conditioned on that version (Conflict while it still has assets).
 * Returns the site as it was.
 */
export async function deleteSite(who: Principal, id: string, checkVersion: VersionCheck): Promise<Site> {
  const site = foundOrNotFound(await getSite(who.tenantId, id), 'Site', id);
  checkVersion(site);
  await removeSite(who.tenantId, site.id, site.version);
  return site;
}
