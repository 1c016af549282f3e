import { deleteClient as removeClient } from '#adapters/dynamodb/clients-repository';
import type { Client } from '#domain/clients';
import type { VersionCheck } from '../visible';
import { clientToChange } from './client-to-change';

/** Deletes a client. Steps: read it (404) and check the caller's version; delete it, conditioned on the version read. Answers the client deleted. */
export async function deleteClient(tenantId: string, id: string, checkVersion: VersionCheck): Promise<Client> {
  const client = await clientToChange(tenantId, id, checkVersion);
  await removeClient(tenantId, client.id, client.version);
  return client;
}
