import type * as z from 'zod';
import { listSites as listSitesUseCase } from '#application/sites/list-sites';
import { findRoute } from '#lib/model/find-route';
import { sitesRoutes } from '#lib/model/routes/sites';
import type { ListSitesQuery } from '#lib/model/schemas/sites';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

/** A client user always gets its own client's sites, whatever `clientId` it asks for. */
export async function listSites({ query, principal }: HttpRequest<unknown, z.infer<typeof ListSitesQuery>>) {
  return pageResult(await listSitesUseCase(caller(principal), query));
}

export const handler = httpRoute(findRoute(sitesRoutes, 'listSites'), listSites);
