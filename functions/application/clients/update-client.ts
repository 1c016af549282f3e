import { updateClient as saveClient } from '#adapters/dynamodb/clients-repository';
import { applyClientPatch, type Client, type ClientPatch } from '#domain/clients';
import type { VersionCheck } from '../visible';
import { clientToChange } from './client-to-change';

/** Updates a client. Steps: read it (404) and check the caller's version; apply the patch; write it, conditioned on the version read. Answers it before and after. */
export async function updateClient(tenantId: string, id: string, patch: ClientPatch, checkVersion: VersionCheck, now = new Date().toISOString()): Promise<{ before: Client; after: Client }> {
  const client = await clientToChange(tenantId, id, checkVersion);
  const updated = applyClientPatch(client, patch, now);
  await saveClient(tenantId, updated, client.version);
  return { before: client, after: updated };
}
