import type * as z from 'zod';
import { listMachineClients as listMachineClientsCase } from '#application/machine-clients/list-machine-clients';
import { findRoute } from '#lib/model/find-route';
import { machineClientsRoutes } from '#lib/model/routes/machine-clients';
import type { ListAppClientsQuery } from '#lib/model/schemas/machine-clients';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

/** GET /v1/machine-clients: a page of the tenant's machine clients. */
export async function listMachineClients({ query, principal }: HttpRequest<unknown, z.infer<typeof ListAppClientsQuery>>) {
  return pageResult(await listMachineClientsCase(caller(principal).tenantId, query));
}

export const handler = httpRoute(findRoute(machineClientsRoutes, 'listMachineClients'), listMachineClients);
