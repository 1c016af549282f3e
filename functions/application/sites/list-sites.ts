import type { Page } from '#adapters/dynamodb/query-page';
import { listSites as querySites } from '#adapters/dynamodb/sites-repository';
import { confinedClientId, type Principal } from '#domain/principal';
import type { Site } from '#domain/sites';

export interface SiteQuery {
  readonly limit: number;
  readonly cursor?: string;
  readonly clientId?: string;
}

/**
 * A page of the tenant's sites. Steps:
 *   1. a client user is confined to its own client: asking for another client's sites
 *      finds none;
 *   2. query the sites (of the client asked for or confined to).
 */
export async function listSites(who: Principal, query: SiteQuery): Promise<Page<Site>> {
  const confined = confinedClientId(who);
  if (confined && query.clientId && query.clientId !== confined) return { items: [], nextCursor: null };
  return querySites(who.tenantId, { ...query, clientId: confined ?? query.clientId });
}
