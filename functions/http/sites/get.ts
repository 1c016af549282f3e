import { getSite as loadSite } from '#adapters/dynamodb/sites-repository';
import { canSeeSite } from '#domain/sites';
import { findRoute } from '#lib/model/find-route';
import { sitesRoutes } from '#lib/model/routes/sites';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult, visibleOr404 } from '#http-stack/resources';

export async function getSite({ params, principal }: HttpRequest<{ id: string }>) {
  const who = caller(principal);
  const site = visibleOr404(await loadSite(who.tenantId, params.id), (s) => canSeeSite(who, s), 'Site', params.id);
  return resourceResult(site);
}

export const handler = httpRoute(findRoute(sitesRoutes, 'getSite'), getSite);
