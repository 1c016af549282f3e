/**
 * Property-based bad input over every route of the model: whatever the body, query
 * (every parameter the route declares) or path parameters, no answer is a 5xx and every
 * error is problem+json with a code.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { appModel, type RouteDecl } from '#lib/model/index';
import { apiUrl, tokenFor, USERS } from '../support/api';
import { ROUTE_FIXTURES } from '../support/route-fixtures';
import { activatedUser } from '../support/users';

const RUNS = Number(process.env.BAD_INPUT_RUNS ?? 25);
let token: string;

beforeAll(async () => {
  token = await tokenFor(USERS.admin);
});

/** JSON-ish values that break schemas: wrong types, huge and odd strings, deep nesting, prototype keys. */
const junkValue = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  fc.constantFrom('', ' ', '\u0000', '💧'.repeat(500), '__proto__', '-1', '1e309', 'NaN', '2026-13-45T99:99:99Z', '<script>', "' OR 1=1 --"),
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, true, [], {}),
);

/** Bodies: pure junk, or the valid body with fields replaced, removed or added. */
function bodyArbitrary(valid: unknown) {
  const mutated =
    valid && typeof valid === 'object'
      ? fc
          .record({ key: fc.constantFrom(...Object.keys(valid as object), '__proto__', 'constructor', 'extra'), value: junkValue, drop: fc.boolean() })
          .map(({ key, value, drop }) => {
            const copy: Record<string, unknown> = { ...(valid as Record<string, unknown>) };
            if (drop) delete copy[key];
            else copy[key] = value;
            return JSON.stringify(copy);
          })
      : fc.constant('{}');
  return fc.oneof(mutated, junkValue.map((v) => JSON.stringify(v)), fc.string({ maxLength: 200 }), fc.constant('{"a":'));
}

const queryValue = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.constantFrom('0', '101', '-5', '1.5', 'abc', '%00', '', 'true', 'yes', '2026-02-30T25:00:00Z', '9999-12-31', 'Europe/Nowhere', 'id,,name', 'a.b.c.d', '1mo', 'raw'),
);

/** Query strings over the parameters the route declares (from its schema), plus paging, fields and an unknown one. */
function queryArbitrary(route: RouteDecl) {
  const declared = Object.keys(route.request?.query?.shape ?? {});
  return fc
    .dictionary(fc.constantFrom(...new Set([...declared, 'limit', 'cursor', 'fields', 'x'])), queryValue, { maxKeys: 4 })
    .map((q) => new URLSearchParams(q).toString());
}

const idArbitrary = fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.constantFrom('%2e%2e', '..', 'ZZZZZZZZZZZZZZZZZZZZZZZZZZ', '01JC8Y5T0000000000ACME0001'.toLowerCase()));

describe('bad input never gets a 5xx, and every error is problem+json', () => {
  for (const route of appModel.routes) {
    it(`${route.method} ${route.path}`, async () => {
      // Failed logins lock an account per address: fuzz a throwaway account, not the demo users the other tests log in as.
      const fixture = route.operationId === 'login' ? { body: { username: 'fuzz@hydrant.local', password: 'Not-the-password-1' } } : await ROUTE_FIXTURES[route.operationId]!();
      // A password change that happens to succeed must not lock the demo admin out: fuzz a throwaway user.
      const callerToken = route.operationId === 'changeMyPassword' ? (await activatedUser('technician')).tokens.access_token : token;
      await fc.assert(
        fc.asyncProperty(bodyArbitrary(fixture.body), queryArbitrary(route), idArbitrary, fc.boolean(), async (body, query, id, jsonType) => {
          const path = route.path.replace(/\{[^}]+\}/g, encodeURIComponent(id));
          const url = `${apiUrl()}${path}${query ? `?${query}` : ''}`;
          const res = await fetch(url, {
            method: route.method,
            headers: {
              'x-api-key': 'hydrant-local-demo-key-0001',
              authorization: `Bearer ${callerToken}`,
              'content-type': jsonType ? 'application/json' : 'text/plain',
            },
            body: route.method === 'GET' || route.method === 'DELETE' ? undefined : body,
          });
          const text = await res.text();
          expect(res.status, `${route.method} ${url} ${body} -> ${text}`).toBeLessThan(500);
          if (res.status >= 400) {
            expect(res.headers.get('content-type')).toContain('application/problem+json');
            const problem = JSON.parse(text) as { code?: string; status?: number };
            expect(problem.code).toMatch(/^[A-Z_]+$/);
            expect(problem.status).toBe(res.status);
          }
        }),
        { numRuns: RUNS },
      );
    });
  }
});
