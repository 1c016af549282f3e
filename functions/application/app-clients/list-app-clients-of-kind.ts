import { listAppClientRecords } from '#adapters/dynamodb/app-clients-repository';
import { appClientView, type AppClientKind } from '#domain/identity';

/**
 * A page of the tenant's app clients of a kind, in their public view. In a module of its
 * own: the list routes only read the table, so their bundles must not load the Cognito
 * adapter (its client needs the user pool, which their functions are not given).
 */
export async function listAppClientsOfKind(tenantId: string, kind: AppClientKind, page: { limit: number; cursor?: string | undefined }) {
  const found = await listAppClientRecords(tenantId, kind, page);
  return { items: found.items.map(appClientView), nextCursor: found.nextCursor };
}
