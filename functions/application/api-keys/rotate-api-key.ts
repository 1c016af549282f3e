import { rotateKeyValue } from '#adapters/apigateway/key-rotation';
import type { ApiKey } from '#domain/api-keys';
import type { VersionCheck } from '../visible';
import { apiKeyToChange } from './api-key-to-change';

/**
 * Rotates a key's value by hand. Steps: read the key (404) and check the caller's
 * version; rotate its value (`rotateKeyValue`: a new gateway key, the old one retiring
 * after the grace period). Answers the key before and after, and the new value, to be shown once.
 */
export async function rotateApiKey(tenantId: string, id: string, gracePeriodHours: number, checkVersion: VersionCheck, now = new Date()): Promise<{ before: ApiKey; after: ApiKey; value: string }> {
  const key = await apiKeyToChange(tenantId, id, checkVersion);
  const { rotated, value } = await rotateKeyValue(tenantId, key, gracePeriodHours, now);
  return { before: key, after: rotated, value };
}
