import { deleteSite as removeSite, getSite } from '#adapters/dynamodb/sites-repository';
import { findRoute } from '#lib/model/find-route';
import { sitesRoutes } from '#lib/model/routes/sites';
import { NotFound } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch } from '#http-stack/resources';

/** Refused with 409 while the site has assets, and 412 when If-Match is stale. */
export async function deleteSite({ params, headers, principal }: HttpRequest<{ id: string }>) {
  const { tenantId } = caller(principal);
  const site = await getSite(tenantId, params.id);
  if (!site) throw new NotFound('Site', params.id);
  checkIfMatch(headers['if-match'], site);
  await removeSite(tenantId, site.id, site.version);
  return { status: 204, audit: { resourceId: site.id, before: site } };
}

export const handler = httpRoute(findRoute(sitesRoutes, 'deleteSite'), deleteSite);
