import { listAppClientsOfKind } from '../app-clients/list-app-clients-of-kind';

/** A page of the tenant's partner apps. */
export async function listPartnerApps(tenantId: string, page: { limit: number; cursor?: string | undefined }) {
  return listAppClientsOfKind(tenantId, 'partner', page);
}
