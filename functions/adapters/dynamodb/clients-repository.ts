/**
 * Clients in the application table. Keys (all under the tenant):
 *   item     PK = T#t#CLIENT#<id>   SK = CLIENT
 *   all      GSI1PK = T#t#CLIENTS   GSI1SK = <normalised name>#<id>  (sorted by name)
 * `?search=` queries the tenant's partition with a filter on the normalised
 * `searchText` (name and e-mail): a Query, never a Scan.
 */
import { clientSearchText, normaliseSearch, type Client } from '#domain/clients';
import { tenantKey } from './client';
import { entityRepository } from './entity-repository';
import { withoutKeys } from './items';
import type { Page } from './query-page';

export const clientKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'CLIENT', id), SK: 'CLIENT' });

const clients = entityRepository<Client>()({
  entity: 'client',
  key: clientKey,
  indexes: { all: { name: 'GSI1', partition: (t: string) => tenantKey(t, 'CLIENTS'), entry: (c) => ({ in: undefined, sort: `${normaliseSearch(c.name)}#${c.id}` }) } },
  attributes: (client) => ({ searchText: clientSearchText(client), ...client }),
  fromItem: (item) => {
    const { searchText: _s, ...rest } = withoutKeys<Client & { searchText?: string }>(item);
    return rest;
  },
});

export const clientItem = clients.item;

export const createClient = clients.create;

export const getClient = (tenantId: string, id: string): Promise<Client | undefined> => clients.get(tenantId, id);

export async function listClients(tenantId: string, q: { limit: number; cursor?: string; search?: string; status?: string }): Promise<Page<Client>> {
  const search = q.search ? normaliseSearch(q.search) : undefined;
  return clients.list(tenantId, 'all', undefined, { limit: q.limit, cursor: q.cursor, where: { contains: { searchText: search }, equals: { status: q.status || undefined } } });
}

export const updateClient = clients.putVersion;

export const deleteClient = clients.deleteVersion;
