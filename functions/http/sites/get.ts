import { getSite as getSiteUseCase } from '#application/sites/get-site';
import { findRoute } from '#lib/model/find-route';
import { sitesRoutes } from '#lib/model/routes/sites';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

export async function getSite({ params, principal }: HttpRequest<{ id: string }>) {
  return resourceResult(await getSiteUseCase(caller(principal), params.id));
}

export const handler = httpRoute(findRoute(sitesRoutes, 'getSite'), getSite);
