/**
 * The usage limits' own logic, over in-memory ports (the stack's stores): which window a
 * request is counted in, what refuses it, and what the answer gives back. The same
 * middlewares over the DynamoDB stores run in test/integration/http-route.test.ts and
 * through the local stack in test/integration/failed-sign-ins.test.ts.
 */
import { readFileSync } from 'node:fs';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RouteDecl } from '#lib/model/types';
import { FAILED_SIGN_INS_LIMIT } from '#lib/model/routes/access';
import type { KeyPolicy } from '#http-stack/ports';
import { rateLimitHeaders, usageLimits, type UsageStores } from '#http-stack/middleware/usage-limits';

const NOW = Date.UTC(2026, 5, 10, 12, 0, 0);

const baseEvent = JSON.parse(readFileSync(new URL('../../../fixtures/handlers/rest-proxy-event.json', import.meta.url), 'utf8')) as APIGatewayProxyEvent;

/** The stores, in memory; `counters` is readable by the test. */
function memoryStores(policy?: KeyPolicy, knownAddresses: string[] = []) {
  const counters = new Map<string, number>();
  const key = (counter: string, start: number) => `${counter}@${start}`;
  const known = new Set(knownAddresses);
  const stores: UsageStores = {
    counters: {
      async count(counter, start, _end, limit) {
        const used = counters.get(key(counter, start)) ?? 0;
        if (used >= limit) return { allowed: false, used };
        counters.set(key(counter, start), used + 1);
        return { allowed: true, used: used + 1 };
      },
      async uncount(counter, start) {
        counters.set(key(counter, start), (counters.get(key(counter, start)) ?? 0) - 1);
      },
      async read(counter, start) {
        return counters.get(key(counter, start)) ?? 0;
      },
    },
    keyPolicies: { find: async () => policy },
    keyStats: { recordCall: async () => undefined, recordClientError: async () => undefined },
    knownAddresses: {
      async remember(account, address) {
        known.add(`${account}@${address}`);
      },
      isKnown: async (account, address) => known.has(`${account}@${address}`),
    },
  };
  return { stores, counters, known };
}

const route = (overrides: Partial<RouteDecl>): RouteDecl => ({
  operationId: 'getWidget',
  method: 'GET',
  path: '/v1/widgets/{id}',
  summary: 'Get a widget',
  tag: 'Widgets',
  handler: 'test/get-widget',
  auth: { kind: 'public' },
  apiKey: true,
  responses: { 200: { description: 'Found' } },
  fn: { access: {} },
  ...overrides,
});

function eventWith(keyId: string | null, body: string | null = null, sourceIp = '203.0.113.7'): APIGatewayProxyEvent {
  const event = structuredClone(baseEvent);
  return { ...event, body, requestContext: { ...event.requestContext, identity: { ...event.requestContext.identity, apiKeyId: keyId, sourceIp } } };
}

/** Runs the limits' `before`, then the answer's `after`, as the stack does. */
async function call(stores: UsageStores, decl: RouteDecl, event: APIGatewayProxyEvent, status: number, options: Parameters<typeof usageLimits>[2] = {}) {
  const request = { event, response: null as APIGatewayProxyResult | null, context: {} as never, error: null, internal: {} };
  let refused: unknown;
  try {
    await usageLimits(decl, stores, { now: () => NOW, ...options }).before!(request as never);
  } catch (error) {
    refused = error;
  }
  request.response = { statusCode: refused ? (refused as { status: number }).status : status, body: '{}', headers: {} };
  await rateLimitHeaders(stores, () => NOW).after!(request as never);
  return { refused: refused as { status: number; code: string } | undefined, headers: request.response.headers ?? {} };
}

const active: KeyPolicy = { planId: 'basic', ipAllowList: [], expiresAt: null, status: 'active' };

describe('usage limits over their ports', () => {
  it('refuses an expired key before counting it in the quota', async () => {
    const { stores, counters } = memoryStores({ ...active, expiresAt: new Date(NOW - 1000).toISOString() });
    const { refused } = await call(stores, route({}), eventWith('gw-key-1'), 200);
    expect(refused).toMatchObject({ status: 403, code: 'API_KEY_EXPIRED' });
    expect([...counters.values()]).toEqual([]);
  });

  it('counts a call in its key quota, and gives a 304 back', async () => {
    const { stores, counters } = memoryStores(active);
    const counted = await call(stores, route({}), eventWith('gw-key-1'), 200);
    expect([...counters.values()]).toEqual([1]);
    const remaining = Number(counted.headers['X-RateLimit-Remaining']);
    const notModified = await call(stores, route({}), eventWith('gw-key-1'), 304);
    expect([...counters.values()]).toEqual([1]);
    expect(Number(notModified.headers['X-RateLimit-Remaining'])).toBe(remaining);
  });

  it('locks an account after its cap of failures, except from an address it signed in from', async () => {
    const login = route({
      operationId: 'login',
      method: 'POST',
      path: '/v1/auth/login',
      apiKey: false,
      rateLimit: FAILED_SIGN_INS_LIMIT,
      request: { body: z.object({ username: z.string(), password: z.string() }) },
    });
    const body = JSON.stringify({ username: 'Alice@Example.com', password: 'x' });
    const accountOf = async () => 'alice';
    const { stores } = memoryStores(undefined, ['account#alice@198.51.100.1']);
    const cap = FAILED_SIGN_INS_LIMIT.account!.limit;
    // Failures from many addresses, each within its pair's budget, fill the account's window.
    for (let i = 0; i < cap; i++) {
      const { refused } = await call(stores, login, eventWith(null, body, `192.0.2.${i}`), 401, { accountOf });
      expect(refused).toBeUndefined();
    }
    const elsewhere = await call(stores, login, eventWith(null, body, '192.0.2.200'), 200, { accountOf });
    expect(elsewhere.refused).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    const fromKnown = await call(stores, login, eventWith(null, body, '198.51.100.1'), 200, { accountOf });
    expect(fromKnown.refused).toBeUndefined();
  });
});
