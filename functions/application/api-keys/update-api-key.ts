import { applyGatewayChange } from '#adapters/apigateway/api-keys';
import { saveApiKey } from '#adapters/dynamodb/api-keys-repository';
import { forgetKeyPolicy } from '#adapters/dynamodb/control/key-policies';
import { applyApiKeyPatch, gatewayChangesOf, gatewayKeyIdsOf, type ApiKey, type ApiKeyPatch, type GatewayChange } from '#domain/api-keys';
import { logger } from '#platform/observability';
import type { VersionCheck } from '../visible';
import { apiKeyToChange } from './api-key-to-change';

/**
 * Updates an API key. Steps:
 * 1. read the key (404) and check the caller's version;
 * 2. apply the patch;
 * 3. tell API Gateway what changed (plan move, enabled, name) for each of its gateway keys;
 * 4. save the key and its policies conditioned on the version read; when the save
 *    fails, the gateway changes made are undone (best effort, logged), so both sides keep agreeing;
 * 5. the cached policies are forgotten.
 * Answers the key before and after.
 */
export async function updateApiKey(tenantId: string, id: string, patch: ApiKeyPatch, checkVersion: VersionCheck, now = new Date()): Promise<{ before: ApiKey; after: ApiKey }> {
  const key = await apiKeyToChange(tenantId, id, checkVersion);
  const updated = applyApiKeyPatch(key, patch, now.toISOString());
  const done: GatewayChange[] = [];
  try {
    for (const change of gatewayChangesOf(key, updated, patch, now.getTime())) {
      await applyGatewayChange(change);
      done.push(change);
    }
    await saveApiKey(tenantId, updated, key.version);
  } catch (error) {
    const undo = gatewayChangesOf(updated, key, patch, now.getTime()).filter((c) => done.some((d) => d.gatewayKeyId === c.gatewayKeyId));
    for (const change of undo) {
      await applyGatewayChange(change).catch((e: unknown) => logger.error('Could not undo an API Gateway change', { change, error: e as Error }));
    }
    throw error;
  }
  gatewayKeyIdsOf(updated).forEach(forgetKeyPolicy);
  return { before: key, after: updated };
}
