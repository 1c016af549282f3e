import { ulid } from 'ulid';
import { createClient as saveClient } from '#adapters/dynamodb/clients-repository';
import { newClient, type Client, type NewClient } from '#domain/clients';

/** Creates a client. Steps: a new id; the client, active unless said otherwise; written once. */
export async function createClient(tenantId: string, input: NewClient, now = new Date().toISOString()): Promise<Client> {
  const client = newClient(ulid(), input, now);
  await saveClient(tenantId, client);
  return client;
}
