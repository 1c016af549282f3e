import { deleteMachineClient as deleteMachineClientCase } from '#application/machine-clients/delete-machine-client';
import { appClientView } from '#domain/identity';
import { findRoute } from '#lib/model/find-route';
import { machineClientsRoutes } from '#lib/model/routes/machine-clients';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** DELETE /v1/machine-clients/{id}: 204; no new token from then on. */
export async function deleteMachineClient({ params, principal }: HttpRequest<{ id: string }>) {
  const record = await deleteMachineClientCase(caller(principal).tenantId, params.id);
  return { status: 204, audit: { resourceId: record.id, before: appClientView(record) } };
}

export const handler = httpRoute(findRoute(machineClientsRoutes, 'deleteMachineClient'), deleteMachineClient);
