import { getClient } from '#adapters/dynamodb/clients-repository';
import type { Client } from '#domain/clients';
import { NotFound } from '#platform/errors';
import type { VersionCheck } from '../visible';

/** The first steps of changing a client: read it (404) and check the caller's version. */
export async function clientToChange(tenantId: string, id: string, checkVersion: VersionCheck): Promise<Client> {
  const client = await getClient(tenantId, id);
  if (!client) throw new NotFound('Client', id);
  checkVersion(client);
  return client;
}
