import { putSiteWithAssets } from '#adapters/dynamodb/assets-repository';
import { getSite, putSiteVersion } from '#adapters/dynamodb/sites-repository';
import { applySitePatch, type SitePatch } from '#domain/sites';
import { findRoute } from '#lib/model/find-route';
import { sitesRoutes } from '#lib/model/routes/sites';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch, resourceResult, visibleOr404 } from '#http-stack/resources';

/**
 * Steps: load the site; check If-Match; apply the patch; save it conditioned on the
 * version read (a site that changes client carries its assets along in the same
 * transaction).
 */
export async function updateSite({ params, body, headers, principal }: HttpRequest<{ id: string }, unknown, SitePatch>) {
  const { tenantId } = caller(principal);
  const site = visibleOr404(await getSite(tenantId, params.id), () => true, 'Site', params.id);
  checkIfMatch(headers['if-match'], site);
  const updated = applySitePatch(site, body, new Date().toISOString());
  if (updated.clientId !== site.clientId && site.assetCount > 0) await putSiteWithAssets(tenantId, updated, site.version);
  else await putSiteVersion(tenantId, updated, site.version);
  return { ...resourceResult(updated), audit: { before: site, after: updated } };
}

export const handler = httpRoute(findRoute(sitesRoutes, 'updateSite'), updateSite);
