import type * as z from 'zod';
import { createClient as createClientCase } from '#application/clients/create-client';
import { findRoute } from '#lib/model/find-route';
import { clientsRoutes } from '#lib/model/routes/clients';
import type { CreateClientBody } from '#lib/model/schemas/clients';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

/** POST /v1/clients: 201 with the client. */
export async function createClient({ body, principal }: HttpRequest<unknown, unknown, z.infer<typeof CreateClientBody>>) {
  const client = await createClientCase(caller(principal).tenantId, body);
  return resourceResult(client, 201, { Location: `/v1/clients/${client.id}` });
}

export const handler = httpRoute(findRoute(clientsRoutes, 'createClient'), createClient);
