import { listAppClientRecords } from '#adapters/dynamodb/app-clients-repository';
import { appClientView } from '#domain/identity';
import { findRoute } from '#lib/model/find-route';
import { partnerAppsRoutes } from '#lib/model/routes/partner-apps';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

export async function listPartnerApps({ query, principal }: HttpRequest<unknown, { limit: number; cursor?: string }>) {
  const page = await listAppClientRecords(caller(principal).tenantId, 'partner', query);
  return pageResult({ items: page.items.map(appClientView), nextCursor: page.nextCursor });
}

export const handler = httpRoute(findRoute(partnerAppsRoutes, 'listPartnerApps'), listPartnerApps);
