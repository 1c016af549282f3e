import { listSites as querySites } from '#adapters/dynamodb/sites-repository';
import { confinedClientId } from '#domain/principal';
import { findRoute } from '#lib/model/find-route';
import { sitesRoutes } from '#lib/model/routes/sites';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

type Query = { limit: number; cursor?: string; clientId?: string };

/** A client user always gets its own client's sites, whatever `clientId` it asks for. */
export async function listSites({ query, principal }: HttpRequest<unknown, Query>) {
  const who = caller(principal);
  const confined = confinedClientId(who);
  if (confined && query.clientId && query.clientId !== confined) return pageResult({ items: [], nextCursor: null });
  return pageResult(await querySites(who.tenantId, { ...query, clientId: confined ?? query.clientId }));
}

export const handler = httpRoute(findRoute(sitesRoutes, 'listSites'), listSites);
