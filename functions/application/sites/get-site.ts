import { getSite as loadSite } from '#adapters/dynamodb/sites-repository';
import { visibleOrNotFound } from '#application/visible';
import type { Principal } from '#domain/principal';
import { canSeeSite, type Site } from '#domain/sites';

/**
 * Reads a site. Steps:
 *   1. load it from the caller's tenant;
 *   2. NotFound unless it exists and the caller may see it (another client's site is missing).
 */
export async function getSite(who: Principal, id: string): Promise<Site> {
  return visibleOrNotFound(await loadSite(who.tenantId, id), (s) => canSeeSite(who, s), 'Site', id);
}
