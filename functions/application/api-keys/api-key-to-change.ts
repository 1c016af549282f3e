import { getApiKey } from '#adapters/dynamodb/api-keys-repository';
import type { ApiKey } from '#domain/api-keys';
import { NotFound } from '#platform/errors';
import type { VersionCheck } from '../visible';

/** The first steps of changing a key: read it (404) and check the caller's version. */
export async function apiKeyToChange(tenantId: string, id: string, checkVersion: VersionCheck): Promise<ApiKey> {
  const key = await getApiKey(tenantId, id);
  if (!key) throw new NotFound('API key', id);
  checkVersion(key);
  return key;
}
