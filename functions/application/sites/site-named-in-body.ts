import { getSite } from '#adapters/dynamodb/sites-repository';
import { refuseUnknownSite } from '#application/refusals';
import type { Site } from '#domain/sites';

/** The site a request body names (`siteId`): it must exist in the tenant (400 otherwise). */
export async function siteNamedInBody(tenantId: string, siteId: string): Promise<Site> {
  return (await getSite(tenantId, siteId)) ?? refuseUnknownSite(siteId);
}

/**
 * The site a patch moves a resource to, when `siteId` names another site than its
 * current one (400 if that site does not exist); undefined when it stays put.
 */
export async function destinationSite(tenantId: string, currentSiteId: string, siteId: string | undefined): Promise<Site | undefined> {
  return siteId !== undefined && siteId !== currentSiteId ? siteNamedInBody(tenantId, siteId) : undefined;
}
