/**
 * The stores the HTTP stack needs, as ports: the stack says what it asks of them and
 * imports no adapter. `functions/wiring/http-route.ts` binds the DynamoDB adapters
 * (control and audit tables) to them; a test of the stack's own logic may bind
 * in-memory ones.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { AuditRecord } from '#domain/audit';

/** The append-only audit log. */
export interface AuditStore {
  append(record: AuditRecord): Promise<void>;
}

/** What a claim of an Idempotency-Key found. */
export type ClaimOutcome =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'in-progress' }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'completed'; readonly response: APIGatewayProxyResult };

/** Idempotency records: the first answer to a key, replayed for the same key and payload. */
export interface IdempotencyStore {
  /** Claims `pk` for this request, locked `lockSeconds`, unless a request with that key exists. */
  claim(pk: string, payloadHash: string, lockSeconds: number): Promise<ClaimOutcome>;
  /** Stores the answer of a claimed key (5xx included). */
  complete(pk: string, response: APIGatewayProxyResult): Promise<void>;
}

/** Fixed-window counters (quotas, route limits, failed sign-ins). */
export interface CounterStore {
  /** Counts one call in the window unless it is full; `used` includes this call when allowed. */
  count(counter: string, windowStart: number, windowEnd: number, limit: number): Promise<{ readonly allowed: boolean; readonly used: number }>;
  /** Gives one call back (a 304 costs no quota). */
  uncount(counter: string, windowStart: number): Promise<void>;
  read(counter: string, windowStart: number): Promise<number>;
}

/** What the stack checks of an API key beyond API Gateway. */
export interface KeyPolicy {
  readonly planId: string;
  /** Addresses and CIDR ranges the key may be used from; empty: anywhere. */
  readonly ipAllowList: readonly string[];
  readonly expiresAt: string | null;
  readonly status: 'active' | 'disabled';
  /** Set on the old value of a rotated key: it works until then. */
  readonly graceUntil?: string | null;
}

/** API key policies by the API Gateway key id. */
export interface KeyPolicies {
  /** The key's policy, or undefined for a key with none (it gets the default plan). */
  find(gatewayKeyId: string, now: number): Promise<KeyPolicy | undefined>;
}

/** Hourly usage statistics per API key (for anomaly detection). */
export interface KeyStats {
  recordCall(keyId: string, hour: string, userAgent: string | undefined, nowSeconds: number): Promise<void>;
  recordClientError(keyId: string, hour: string, notFoundId: string | undefined, nowSeconds: number): Promise<void>;
}

/** Client addresses an account signed in from lately. */
export interface KnownAddresses {
  remember(account: string, address: string, days: number, now: number): Promise<void>;
  isKnown(account: string, address: string, now: number): Promise<boolean>;
}

/** Every port of the stack, as `httpRouteWith` takes them. */
export interface HttpStackPorts {
  readonly audit: AuditStore;
  readonly idempotency: IdempotencyStore;
  readonly counters: CounterStore;
  readonly keyPolicies: KeyPolicies;
  readonly keyStats: KeyStats;
  readonly knownAddresses: KnownAddresses;
}
