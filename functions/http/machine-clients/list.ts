import { listAppClientRecords } from '#adapters/dynamodb/app-clients-repository';
import { appClientView } from '#domain/identity';
import { findRoute } from '#lib/model/find-route';
import { machineClientsRoutes } from '#lib/model/routes/machine-clients';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

export async function listMachineClients({ query, principal }: HttpRequest<unknown, { limit: number; cursor?: string }>) {
  const page = await listAppClientRecords(caller(principal).tenantId, 'machine', query);
  return pageResult({ items: page.items.map(appClientView), nextCursor: page.nextCursor });
}

export const handler = httpRoute(findRoute(machineClientsRoutes, 'listMachineClients'), listMachineClients);
