/**
 * What Hydrant knows of an API key beyond API Gateway: its plan, tenant, IP
 * allow-list, expiry and status, looked up by the API Gateway key id that API
 * Gateway passes to every function. Cached briefly per execution environment.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../document-client';
import { controlTableName } from './table';

export interface KeyPolicy {
  /** Hydrant's id of the key (the api-keys resource). */
  readonly keyId: string;
  readonly tenantId: string;
  readonly name: string;
  readonly planId: string;
  /** Addresses and CIDR ranges the key may be used from; empty: anywhere. */
  readonly ipAllowList: readonly string[];
  readonly expiresAt: string | null;
  readonly status: 'active' | 'disabled';
  /** Set on the old value of a rotated key: it works until then. */
  readonly graceUntil?: string | null;
}

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
