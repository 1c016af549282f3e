import { deleteSite as deleteSiteUseCase } from '#application/sites/delete-site';
import { findRoute } from '#lib/model/find-route';
import { sitesRoutes } from '#lib/model/routes/sites';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch } from '#http-stack/resources';

/** Refused with 409 while the site has assets, and 412 when If-Match is stale. */
export async function deleteSite({ params, headers, principal }: HttpRequest<{ id: string }>) {
  const site = await deleteSiteUseCase(caller(principal), params.id, (current) => checkIfMatch(headers['if-match'], current));
  return { status: 204, audit: { resourceId: site.id, before: site } };
}

export const handler = httpRoute(findRoute(sitesRoutes, 'deleteSite'), deleteSite);
