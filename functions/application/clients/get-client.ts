import { getClient as loadClient } from '#adapters/dynamodb/clients-repository';
import { canSeeClient, type Client } from '#domain/clients';
import type { Principal } from '#domain/principal';
import { NotFound } from '#platform/errors';

/** A client the caller may see (a client user: its own); anything else is 404. */
export async function getClient(who: Principal, id: string): Promise<Client> {
  const client = await loadClient(who.tenantId, id);
  if (!client || !canSeeClient(who, client)) throw new NotFound('Client', id);
  return client;
}
