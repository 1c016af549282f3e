/**
 * Where the HTTP stack meets its adapters: `httpRoute` as every route handler uses it.
 * The stack in `functions/http-stack` imports no adapter; this file gives it the stores
 * it needs (quotas and limits, key policies and statistics, known sign-in addresses,
 * idempotency records in the control table; the audit log in the audit table).
 */
import { countInWindow, readCount, uncount } from '#adapters/dynamodb/control/counters';
import { claimIdempotencyKey, completeIdempotencyKey } from '#adapters/dynamodb/control/idempotency-records';
import { findKeyPolicy } from '#adapters/dynamodb/control/key-policies';
import { recordKeyCall, recordKeyClientError } from '#adapters/dynamodb/control/key-stats';
import { isKnownAddress, rememberAddress } from '#adapters/dynamodb/control/known-addresses';
import { httpRouteWith, type HttpStackPorts } from '#http-stack/http-route';
import { auditStore } from './audit-store';

export type { HttpRequest, HttpResult } from '#http-stack/http-route';

/** The DynamoDB stores of the stack. */
export const dynamoDbPorts: HttpStackPorts = {
  audit: auditStore,
  idempotency: { claim: claimIdempotencyKey, complete: completeIdempotencyKey },
  counters: { count: countInWindow, uncount, read: readCount },
  keyPolicies: { find: findKeyPolicy },
  keyStats: { recordCall: recordKeyCall, recordClientError: recordKeyClientError },
  knownAddresses: { remember: rememberAddress, isKnown: isKnownAddress },
};

/** `httpRoute(route, fn, options?)`: the HTTP stack over DynamoDB. */
export const httpRoute = httpRouteWith(dynamoDbPorts);
