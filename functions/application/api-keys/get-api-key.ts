import { getApiKey as loadApiKey } from '#adapters/dynamodb/api-keys-repository';
import type { ApiKey } from '#domain/api-keys';
import { NotFound } from '#platform/errors';

/** The key as Hydrant knows it (never its value, which only API Gateway keeps); 404 when the tenant has none of this id. */
export async function getApiKey(tenantId: string, id: string): Promise<ApiKey> {
  const key = await loadApiKey(tenantId, id);
  if (!key) throw new NotFound('API key', id);
  return key;
}
