import { getSite } from '#adapters/dynamodb/sites-repository';
import type { Site } from '#domain/sites';
import { canSeeClientData, type Principal } from '#domain/principal';
import { ValidationFailed } from '#platform/errors';

/**
 * The site a quality resource (sampling point, limit set) is placed at, as named in a body:
 * one that does not exist, or that the caller may not see, is refused as a bad `body.siteId`.
 */
export async function siteOfBody(who: Principal, siteId: string): Promise<Site> {
  const site = await getSite(who.tenantId, siteId);
  if (!site || !canSeeClientData(who, site.clientId)) throw new ValidationFailed('The site does not exist', [{ path: 'body.siteId', message: `no site ${siteId}` }]);
  return site;
}
