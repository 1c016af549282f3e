import { listApiKeys as queryApiKeys } from '#adapters/dynamodb/api-keys-repository';

/** A page of the tenant's API keys (never their values). */
export async function listApiKeys(tenantId: string, page: { limit: number; cursor?: string | undefined }) {
  return queryApiKeys(tenantId, page);
}
