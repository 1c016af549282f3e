import { getSite } from '#adapters/dynamodb/sites-repository';
import { canSeeClientData, type Principal } from '#domain/principal';
import { ValidationFailed } from '#platform/errors';

/**
 * The client a zone on `siteId` belongs to: its site's (null without a site). A site that
 * does not exist, or that the caller may not see, is refused as a bad `body.siteId`.
 */
export async function clientOfZoneSite(who: Principal, siteId: string | null | undefined): Promise<string | null> {
  if (!siteId) return null;
  const site = await getSite(who.tenantId, siteId);
  if (!site || !canSeeClientData(who, site.clientId)) throw new ValidationFailed('The site does not exist', [{ path: 'body.siteId', message: `no site ${siteId}` }]);
  return site.clientId;
}
