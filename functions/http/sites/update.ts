import type * as z from 'zod';
import { updateSite as updateSiteUseCase } from '#application/sites/update-site';
import { findRoute } from '#lib/model/find-route';
import { sitesRoutes } from '#lib/model/routes/sites';
import type { UpdateSiteBody } from '#lib/model/schemas/sites';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch, resourceResult } from '#http-stack/resources';

export async function updateSite({ params, body, headers, principal }: HttpRequest<{ id: string }, unknown, z.infer<typeof UpdateSiteBody>>) {
  const { before, after } = await updateSiteUseCase(caller(principal), params.id, body, (current) => checkIfMatch(headers['if-match'], current));
  return { ...resourceResult(after), audit: { before, after } };
}

export const handler = httpRoute(findRoute(sitesRoutes, 'updateSite'), updateSite);
