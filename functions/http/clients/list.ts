import { getClient, listClients as queryClients } from '#adapters/dynamodb/clients-repository';
import { clientSearchText, normaliseSearch } from '#domain/clients';
import { confinedClientId } from '#domain/principal';
import { findRoute } from '#lib/model/find-route';
import { clientsRoutes } from '#lib/model/routes/clients';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

type Query = { limit: number; cursor?: string; search?: string; status?: 'active' | 'inactive' };

/** A client user's list is its own client alone (when it matches the filters). */
export async function listClients({ query, principal }: HttpRequest<unknown, Query>) {
  const who = caller(principal);
  const confined = confinedClientId(who);
  if (confined) {
    if (query.cursor) return pageResult({ items: [], nextCursor: null });
    const own = await getClient(who.tenantId, confined);
    const matches =
      own !== undefined && (!query.status || own.status === query.status) && (!query.search || clientSearchText(own).includes(normaliseSearch(query.search)));
    return pageResult({ items: matches ? [own] : [], nextCursor: null });
  }
  return pageResult(await queryClients(who.tenantId, query));
}

export const handler = httpRoute(findRoute(clientsRoutes, 'listClients'), listClients);
