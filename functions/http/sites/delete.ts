import { deleteSite as removeSite } from '#adapters/dynamodb/sites-repository';
import { expectedVersion } from '#platform/etag';
import { findRoute } from '#lib/model/find-route';
import { siteRoutes } from '#lib/model/routes/sites-and-assets';
import { httpRoute, type HttpRequest } from '#platform/http-route';
import { caller } from '#platform/resources';

/** Refused with 409 while the site has assets, and 412 when If-Match is stale. */
export async function deleteSite({ params, headers, principal }: HttpRequest<{ id: string }>) {
  await removeSite(caller(principal).tenantId, params.id, expectedVersion(headers['if-match']));
  return { status: 204 };
}

export const handler = httpRoute(findRoute(siteRoutes, 'deleteSite'), deleteSite);
