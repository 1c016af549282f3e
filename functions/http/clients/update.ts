import type * as z from 'zod';
import { updateClient as updateClientCase } from '#application/clients/update-client';
import { findRoute } from '#lib/model/find-route';
import { clientsRoutes } from '#lib/model/routes/clients';
import type { UpdateClientBody } from '#lib/model/schemas/clients';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch, resourceResult } from '#http-stack/resources';

/** PATCH /v1/clients/{id} (If-Match): the client updated, with its new ETag. */
export async function updateClient({ params, body, headers, principal }: HttpRequest<{ id: string }, unknown, z.infer<typeof UpdateClientBody>>) {
  const { before, after } = await updateClientCase(caller(principal).tenantId, params.id, body, (current) => checkIfMatch(headers['if-match'], current));
  return { ...resourceResult(after), audit: { before, after } };
}

export const handler = httpRoute(findRoute(clientsRoutes, 'updateClient'), updateClient);
