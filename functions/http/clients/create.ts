import { ulid } from 'ulid';
import { createClient as saveClient } from '#adapters/dynamodb/clients-repository';
import { newClient, type NewClient } from '#domain/clients';
import { findRoute } from '#lib/model/find-route';
import { clientsRoutes } from '#lib/model/routes/clients';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

export async function createClient({ body, principal }: HttpRequest<unknown, unknown, NewClient>) {
  const client = newClient(ulid(), body, new Date().toISOString());
  await saveClient(caller(principal).tenantId, client);
  return resourceResult(client, 201, { Location: `/v1/clients/${client.id}` });
}

export const handler = httpRoute(findRoute(clientsRoutes, 'createClient'), createClient);
