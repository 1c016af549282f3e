/**
 * Rotating a key's value in API Gateway and the control table together: what
 * `POST /v1/api-keys/{id}/rotate` and the automatic rotation of the maintenance
 * schedule both do.
 */
import { saveApiKey } from '#adapters/dynamodb/api-keys-repository';
import { forgetKeyPolicy } from '#adapters/dynamodb/control/key-policies';
import { gatewayEnabled, generateKeyValue, graceUntil, rotateApiKey, type ApiKey } from '#domain/api-keys';
import { logger } from '#platform/observability';
import { discardGatewayKey, provisionGatewayKey, setGatewayKeyEnabled } from './api-keys';

/**
 * Steps: a new value in a new gateway key of the same plan; save the key (the new
 * value current, the old one retiring) with the new policy and the old one's
 * `graceUntil`, conditioned on the version read (the new gateway key is deleted when
 * that fails: 412 for a route, the next run for the schedule). With no grace at all,
 * the old gateway key is also disabled at once. The maintenance schedule deletes it
 * when its grace ends. Returns the key as saved and the new value (to answer once,
 * or, for an automatic rotation, to forget: it stays pending in API Gateway).
 */
export async function rotateKeyValue(
  tenantId: string,
  key: ApiKey,
  gracePeriodHours: number,
  now: Date,
  automatic = false,
): Promise<{ rotated: ApiKey; value: string }> {
  const until = graceUntil(now.getTime(), gracePeriodHours);
  const value = generateKeyValue();
  const gatewayKeyId = await provisionGatewayKey({
    name: `${key.name} (${key.id})`,
    description: `Hydrant API key ${key.id} of ${key.owner}, tenant ${tenantId}`,
    value,
    planId: key.planId,
    enabled: gatewayEnabled(key, now.getTime()),
  });
  const rotated = rotateApiKey(key, { gatewayKeyId, value }, until, now.toISOString(), automatic);
  try {
    await saveApiKey(tenantId, rotated, key.version, { policiesOf: [gatewayKeyId, key.gatewayKeyId] });
  } catch (error) {
    await discardGatewayKey(gatewayKeyId);
    throw error;
  }
  if (gracePeriodHours === 0) {
    // The policy already refuses it; API Gateway refusing it too does not wait for caches.
    await setGatewayKeyEnabled(key.gatewayKeyId, false).catch((error: unknown) => logger.warn('Could not disable the rotated-out gateway key', { error: error as Error }));
  }
  forgetKeyPolicy(gatewayKeyId);
  forgetKeyPolicy(key.gatewayKeyId);
  return { rotated, value };
}
