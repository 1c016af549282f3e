import { listAppClientsOfKind } from '../app-clients/list-app-clients-of-kind';

/** A page of the tenant's machine clients (never their secrets). */
export async function listMachineClients(tenantId: string, page: { limit: number; cursor?: string | undefined }) {
  return listAppClientsOfKind(tenantId, 'machine', page);
}
