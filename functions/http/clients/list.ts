import type * as z from 'zod';
import { listClients as listClientsCase } from '#application/clients/list-clients';
import { findRoute } from '#lib/model/find-route';
import { clientsRoutes } from '#lib/model/routes/clients';
import type { ListClientsQuery } from '#lib/model/schemas/clients';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

/** GET /v1/clients: a page of the clients the caller may see. */
export async function listClients({ query, principal }: HttpRequest<unknown, z.infer<typeof ListClientsQuery>>) {
  return pageResult(await listClientsCase(caller(principal), query));
}

export const handler = httpRoute(findRoute(clientsRoutes, 'listClients'), listClients);
