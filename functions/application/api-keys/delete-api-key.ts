import { deleteGatewayKey } from '#adapters/apigateway/api-keys';
import { deleteApiKey as removeApiKey } from '#adapters/dynamodb/api-keys-repository';
import { forgetKeyPolicy } from '#adapters/dynamodb/control/key-policies';
import { gatewayKeyIdsOf, type ApiKey } from '#domain/api-keys';
import type { VersionCheck } from '../visible';
import { apiKeyToChange } from './api-key-to-change';

/**
 * Deletes an API key. Steps:
 * 1. read the key (404) and check the caller's version;
 * 2. delete its gateway keys (current and retiring: they stop working at once);
 * 3. then the key and its policies; the cached policies are forgotten.
 * Gateway first, so a failure never leaves a working key without its policy; a retry
 * finishes the job. Answers the key deleted.
 */
export async function deleteApiKey(tenantId: string, id: string, checkVersion: VersionCheck): Promise<ApiKey> {
  const key = await apiKeyToChange(tenantId, id, checkVersion);
  const gatewayKeyIds = gatewayKeyIdsOf(key);
  for (const gatewayKeyId of gatewayKeyIds) await deleteGatewayKey(gatewayKeyId);
  await removeApiKey(tenantId, key, key.version);
  gatewayKeyIds.forEach(forgetKeyPolicy);
  return key;
}
