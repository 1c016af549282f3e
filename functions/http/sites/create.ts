import type * as z from 'zod';
import { createSite as createSiteUseCase } from '#application/sites/create-site';
import { findRoute } from '#lib/model/find-route';
import { sitesRoutes } from '#lib/model/routes/sites';
import type { CreateSiteBody } from '#lib/model/schemas/sites';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

export async function createSite({ body, principal }: HttpRequest<unknown, unknown, z.infer<typeof CreateSiteBody>>) {
  const site = await createSiteUseCase(caller(principal), body);
  return resourceResult(site, 201, { Location: `/v1/sites/${site.id}` });
}

export const handler = httpRoute(findRoute(sitesRoutes, 'createSite'), createSite);
