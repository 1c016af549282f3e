/**
 * The api-keys resource (admins only): keys of partners and apps, each an API
 * Gateway API key in a usage plan plus Hydrant's policy (owner, IP allow-list,
 * expiry, status). The value is answered once, on create and rotate.
 */
import type { FunctionSpec, RouteDecl, ScheduleDecl } from '../types';
import { IdParams, pageOf } from '../schemas/common';
import {
  ApiKey,
  apiKeyExample,
  ApiKeyWithValue,
  apiKeyWithValueExample,
  CreateApiKeyBody,
  ListApiKeysQuery,
  RotateApiKeyBody,
  UpdateApiKeyBody,
} from '../schemas/api-keys';
import { authenticated } from './access';

const ADMINS = authenticated(['admin']);
/** The control table, where keys and their policies live, is granted to every route. */
const MANAGES_KEYS: FunctionSpec = { access: { apiKeys: 'manage' } };
const READS_KEYS: FunctionSpec = { access: {} };
const common = { tag: 'API keys', apiKey: true, auth: ADMINS } as const;
const ETAG = ['ETag'];

export const apiKeysRoutes: readonly RouteDecl[] = [
  {
    ...common,
    operationId: 'createApiKey',
    idempotencyExempt: "The answer holds the key's value, which Hydrant stores nowhere; a kept answer would store it for 24 hours",
    method: 'POST',
    path: '/v1/api-keys',
    summary: 'Create an API key (its value is answered once)',
    handler: 'http/api-keys/create',
    request: {
      body: CreateApiKeyBody,
      bodyExample: { name: apiKeyExample.name, owner: apiKeyExample.owner, planId: apiKeyExample.planId, ipAllowList: apiKeyExample.ipAllowList, expiresAt: apiKeyExample.expiresAt },
    },
    // Not idempotent on purpose: a kept answer would store the key's value for 24 hours,
    // and the value is stored nowhere in Hydrant. A retried create makes a second key (delete it).
    responses: { 201: { description: 'Created; `value` is shown only now', schema: ApiKeyWithValue, example: apiKeyWithValueExample, headers: [...ETAG, 'Location'] } },
    fn: MANAGES_KEYS,
  },
  {
    ...common,
    operationId: 'listApiKeys',
    method: 'GET',
    path: '/v1/api-keys',
    summary: 'List API keys',
    handler: 'http/api-keys/list',
    request: { query: ListApiKeysQuery },
    responses: { 200: { description: 'A page', schema: pageOf(ApiKey), example: { data: [apiKeyExample], nextCursor: null } } },
    fn: READS_KEYS,
  },
  {
    ...common,
    operationId: 'getApiKey',
    method: 'GET',
    path: '/v1/api-keys/{id}',
    summary: 'Get an API key (never its value)',
    handler: 'http/api-keys/get',
    request: { params: IdParams, headers: ['If-None-Match'] },
    responses: {
      200: { description: 'Found', schema: ApiKey, example: apiKeyExample, headers: ETAG },
      304: { description: 'Not modified (If-None-Match matched)' },
    },
    fn: READS_KEYS,
  },
  {
    ...common,
    operationId: 'updateApiKey',
    method: 'PATCH',
    path: '/v1/api-keys/{id}',
    summary: 'Update an API key: name, owner, plan, IP allow-list, expiry, status (partial)',
    handler: 'http/api-keys/update',
    request: { params: IdParams, body: UpdateApiKeyBody, bodyExample: { status: 'disabled' }, headers: ['If-Match'] },
    responses: { 200: { description: 'Updated', schema: ApiKey, example: { ...apiKeyExample, version: 2, status: 'disabled' }, headers: ETAG } },
    fn: MANAGES_KEYS,
  },
  {
    ...common,
    operationId: 'deleteApiKey',
    method: 'DELETE',
    path: '/v1/api-keys/{id}',
    summary: 'Delete an API key: its values stop working at once',
    handler: 'http/api-keys/delete',
    request: { params: IdParams, headers: ['If-Match'] },
    responses: { 204: { description: 'Deleted' } },
    fn: MANAGES_KEYS,
  },
  {
    ...common,
    operationId: 'rotateApiKey',
    method: 'POST',
    path: '/v1/api-keys/{id}/rotate',
    summary: 'Rotate an API key: a new value (answered once); the previous one works for a grace period',
    handler: 'http/api-keys/rotate',
    request: { params: IdParams, body: RotateApiKeyBody, bodyExample: { gracePeriodHours: 168 }, headers: ['If-Match'] },
    // Not idempotent, for the same reason as create; If-Match makes a blind retry fail with 412 instead.
    responses: {
      200: {
        description: 'Rotated; `value` is shown only now',
        schema: ApiKeyWithValue,
        example: { ...apiKeyWithValueExample, version: 2, lastRotatedAt: '2026-11-22T08:00:00.000Z', retiringKeys: [{ gatewayKeyId: 'a1b2c3d4e5', keyPrefix: 'hyd_7Gq2', graceUntil: '2026-11-29T08:00:00.000Z' }] },
        headers: ETAG,
      },
    },
    fn: { ...MANAGES_KEYS, timeoutSeconds: 15 },
  },
  {
    ...common,
    operationId: 'claimApiKeyPendingValue',
    method: 'POST',
    path: '/v1/api-keys/{id}/pending-value',
    summary: 'Claim, once, the value an automatic rotation made (read back from API Gateway; Hydrant stores none)',
    handler: 'http/api-keys/claim-pending-value',
    request: { params: IdParams, headers: ['If-Match'] },
    // Not idempotent, for the same reason as create: the answer holds the value. A POST, not a
    // GET: it changes the key (the value can be claimed only once) and is never cached or prefetched.
    responses: {
      200: {
        description: 'The pending value, shown only now; the key no longer has one pending',
        schema: ApiKeyWithValue,
        example: { ...apiKeyWithValueExample, version: 4, lastRotatedAt: '2027-02-19T09:30:00.000Z', nextRotationAt: '2027-05-20T09:30:00.000Z' },
        headers: ETAG,
      },
    },
    fn: MANAGES_KEYS,
  },
];

/**
 * Deletes gateway keys whose grace period after a rotation ended, disables in API
 * Gateway the keys past their expiry, and rotates the keys due for automatic rotation,
 * notifying admins before and after. It reads and writes key policies in the control
 * table, which only routes are granted implicitly; notifications live in the
 * application table and admins are found in the user pool.
 */
export const apiKeySchedules: readonly ScheduleDecl[] = [
  {
    name: 'api-key-maintenance',
    expression: 'rate(1 hour)',
    handler: 'workers/api-key-maintenance',
    fn: { timeoutSeconds: 120, access: { apiKeys: 'manage', controlTable: 'readWrite', table: 'readWrite' } },
  },
];
