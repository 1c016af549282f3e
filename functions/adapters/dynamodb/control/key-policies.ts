/**
 * What Hydrant knows of an API key beyond API Gateway: its plan, tenant, IP
 * allow-list, expiry and status, looked up by the API Gateway key id that API
 * Gateway passes to every function. Cached briefly per execution environment.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ApiKeyPolicy } from '#domain/api-keys';
import { documentClient } from '../document-client';
import { controlTableName } from './table';

/**
 * A key's policy as the control table holds it: the domain's {@link ApiKeyPolicy}, written by the
 * API-key repository; `graceUntil` may be absent from an item (read as: no grace period).
 */
export type KeyPolicy = Omit<ApiKeyPolicy, 'graceUntil'> & { readonly graceUntil?: string | null };

export const keyPolicyKey = (gatewayKeyId: string) => ({ PK: `APIKEY#${gatewayKeyId}`, SK: 'POLICY' });

const CACHE_MS = 30_000;
const cache = new Map<string, { policy: KeyPolicy | undefined; until: number }>();

/** The key's policy, or undefined for a key Hydrant has no policy for (it gets the default plan). */
export async function findKeyPolicy(gatewayKeyId: string, now = Date.now()): Promise<KeyPolicy | undefined> {
  const hit = cache.get(gatewayKeyId);
  if (hit && hit.until > now) return hit.policy;
  const out = await documentClient.send(new GetCommand({ TableName: controlTableName, Key: keyPolicyKey(gatewayKeyId) }));
  const policy = out.Item as KeyPolicy | undefined;
  cache.set(gatewayKeyId, { policy, until: now + CACHE_MS });
  return policy;
}

/** Forgets cached policies (after this function changed one). */
export function forgetKeyPolicy(gatewayKeyId: string): void {
  cache.delete(gatewayKeyId);
}
