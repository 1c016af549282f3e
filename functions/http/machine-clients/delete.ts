import { deleteAppClient } from '#adapters/cognito/app-clients';
import { deleteAppClientRecord, getAppClientRecord } from '#adapters/dynamodb/app-clients-repository';
import { appClientView } from '#domain/identity';
import { findRoute } from '#lib/model/find-route';
import { machineClientsRoutes } from '#lib/model/routes/machine-clients';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, visibleOr404 } from '#http-stack/resources';

/** Deletes the Cognito app client first (no new token from then on), then the record. */
export async function deleteMachineClient({ params, principal }: HttpRequest<{ id: string }>) {
  const { tenantId } = caller(principal);
  const record = visibleOr404(await getAppClientRecord(tenantId, params.id), (r) => r.kind === 'machine', 'Machine client', params.id);
  await deleteAppClient(record.clientId);
  await deleteAppClientRecord(tenantId, record);
  return { status: 204, audit: { resourceId: record.id, before: appClientView(record) } };
}

export const handler = httpRoute(findRoute(machineClientsRoutes, 'deleteMachineClient'), deleteMachineClient);
