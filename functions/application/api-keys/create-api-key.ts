import { ulid } from 'ulid';
import { discardGatewayKey, provisionGatewayKey } from '#adapters/apigateway/api-keys';
import { createApiKey as saveApiKey } from '#adapters/dynamodb/api-keys-repository';
import { forgetKeyPolicy } from '#adapters/dynamodb/control/key-policies';
import { gatewayEnabled, generateKeyValue, newApiKey, type ApiKey, type NewApiKey } from '#domain/api-keys';

/**
 * Creates an API key. Steps:
 * 1. a value from the CSPRNG;
 * 2. an API Gateway key with it, in the plan's usage plan (enabled unless disabled or expired);
 * 3. the key and its policy written together in the control table; when the write
 *    fails, the gateway key is deleted again;
 * 4. this instance's cached policy of the gateway key is forgotten.
 * Answers the key and its value: now and never again (API Gateway keeps it, Hydrant only its prefix).
 */
export async function createApiKey(tenantId: string, input: NewApiKey, now = new Date()): Promise<{ key: ApiKey; value: string }> {
  const id = ulid();
  const value = generateKeyValue();
  const gatewayKeyId = await provisionGatewayKey({
    name: `${input.name} (${id})`,
    description: `Hydrant API key ${id} of ${input.owner}, tenant ${tenantId}`,
    value,
    planId: input.planId,
    enabled: gatewayEnabled({ status: input.status ?? 'active', expiresAt: input.expiresAt ?? null }, now.getTime()),
  });
  const key = newApiKey(id, input, { gatewayKeyId, value }, now.toISOString());
  try {
    await saveApiKey(tenantId, key);
  } catch (error) {
    await discardGatewayKey(gatewayKeyId);
    throw error;
  }
  forgetKeyPolicy(gatewayKeyId);
  return { key, value };
}
