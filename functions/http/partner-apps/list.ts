import type * as z from 'zod';
import { listPartnerApps as listPartnerAppsCase } from '#application/partner-apps/list-partner-apps';
import { findRoute } from '#lib/model/find-route';
import { partnerAppsRoutes } from '#lib/model/routes/partner-apps';
import type { ListAppClientsQuery } from '#lib/model/schemas/machine-clients';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

/** GET /v1/partner-apps: a page of the tenant's partner apps. */
export async function listPartnerApps({ query, principal }: HttpRequest<unknown, z.infer<typeof ListAppClientsQuery>>) {
  return pageResult(await listPartnerAppsCase(caller(principal).tenantId, query));
}

export const handler = httpRoute(findRoute(partnerAppsRoutes, 'listPartnerApps'), listPartnerApps);
