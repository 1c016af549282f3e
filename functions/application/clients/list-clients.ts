import { getClient, listClients as queryClients } from '#adapters/dynamodb/clients-repository';
import { clientSearchText, normaliseSearch } from '#domain/clients';
import { confinedClientId, type Principal } from '#domain/principal';

export interface ClientFilters {
  readonly limit: number;
  readonly cursor?: string | undefined;
  readonly search?: string | undefined;
  readonly status?: 'active' | 'inactive' | undefined;
}

/**
 * The tenant's clients the caller may see. Steps: a client user's list is its own
 * client alone, when it matches the filters (one page: a cursor gives an empty one);
 * anyone else gets a page of the tenant's clients.
 */
export async function listClients(who: Principal, filters: ClientFilters) {
  const confined = confinedClientId(who);
  if (!confined) return queryClients(who.tenantId, filters);
  if (filters.cursor) return { items: [], nextCursor: null };
  const own = await getClient(who.tenantId, confined);
  const matches =
    own !== undefined && (!filters.status || own.status === filters.status) && (!filters.search || clientSearchText(own).includes(normaliseSearch(filters.search)));
  return { items: matches ? [own] : [], nextCursor: null };
}
