import { gatewayKeyValue } from '#adapters/apigateway/api-keys';
import { saveApiKey } from '#adapters/dynamodb/api-keys-repository';
import { claimRefusal, keyPrefixOf, withValueClaimed, type ApiKey } from '#domain/api-keys';
import { refuseClaim } from '../refusals';
import type { VersionCheck } from '../visible';
import { apiKeyToChange } from './api-key-to-change';

/**
 * Claims the value an automatic rotation left pending. Steps:
 * 1. read the key (404) and check the caller's version;
 * 2. refuse when no value is pending (409 NO_PENDING_VALUE: never made, claimed already,
 *    or replaced by a rotation by hand);
 * 3. read the current value back from API Gateway;
 * 4. mark it claimed, conditioned on the version read, so of two concurrent claims only
 *    one answers the value (the other, run again on a fresh read, finds nothing pending: 409).
 * Answers the key before and after, and the value, to be shown once.
 */
export async function claimApiKeyPendingValue(tenantId: string, id: string, checkVersion: VersionCheck, now = new Date().toISOString()): Promise<{ before: ApiKey; after: ApiKey; value: string }> {
  const key = await apiKeyToChange(tenantId, id, checkVersion);
  const refusal = claimRefusal(key);
  if (refusal) refuseClaim(refusal);
  const value = await gatewayKeyValue(key.gatewayKeyId);
  if (keyPrefixOf(value) !== key.keyPrefix) throw new Error('The gateway key does not hold the pending value');
  const claimed = withValueClaimed(key, now);
  await saveApiKey(tenantId, claimed, key.version, { policiesOf: [] });
  return { before: key, after: claimed, value };
}
