import { ulid } from 'ulid';
import { createSite as saveSite } from '#adapters/dynamodb/sites-repository';
import { newSite, type NewSite } from '#domain/sites';
import { findRoute } from '#lib/model/find-route';
import { sitesRoutes } from '#lib/model/routes/sites';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

export async function createSite({ body, principal }: HttpRequest<unknown, unknown, NewSite>) {
  const site = newSite(ulid(), body, new Date().toISOString());
  await saveSite(caller(principal).tenantId, site);
  return resourceResult(site, 201, { Location: `/v1/sites/${site.id}` });
}

export const handler = httpRoute(findRoute(sitesRoutes, 'createSite'), createSite);
