/**
 * Property-based bad input over every route of the model: whatever the body, query
 * (every parameter the route declares) or path parameters, no answer is a 5xx and every
 * error is problem+json with a code. The same through `POST /v1/batch`, for every
 * batchable route's operations; and every media type a route accepts is read, every
 * other one refused with 415.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { appModel, type RouteDecl } from '#lib/model/index';
import { isBatchable } from '#lib/model/routes/batch';
import { jsonText } from '#platform/json-text';
import { bodyMediaTypes } from '#http-stack/request-body';
import { apiUrl, call, tokenFor, USERS } from '../support/api';
import { clientCredentialsToken, createMachineClient } from '../support/identity';
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

/** The valid body with a field replaced, removed or added (`__proto__` as an own key, as JSON.parse makes it). */
function mutatedBody(valid: unknown) {
  return valid && typeof valid === 'object'
    ? fc
        .record({ key: fc.constantFrom(...Object.keys(valid as object), '__proto__', 'constructor', 'extra'), value: junkValue, drop: fc.boolean() })
        .map(({ key, value, drop }) => {
          const copy: Record<string, unknown> = { ...(valid as Record<string, unknown>) };
          if (drop) delete copy[key];
          else Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
          return copy as unknown;
        })
    : fc.constant<unknown>({});
}

/** Bodies as sent: pure junk, a mutated valid body, truncated or too deep JSON. */
function bodyArbitrary(valid: unknown) {
  return fc.oneof(mutatedBody(valid).map((v) => JSON.stringify(v)), junkValue.map((v) => JSON.stringify(v)), fc.string({ maxLength: 200 }), fc.constant('{"a":'), fc.constant(DEEP_TEXT));
}

/** Nesting far deeper than any route allows, and than JSON.stringify can write. */
const DEEP_TEXT = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
const DEEP_VALUE: unknown = JSON.parse(DEEP_TEXT);

/** A batch operation's body: a mutated valid one, junk, too deep, or none. */
function bodyValueArbitrary(valid: unknown) {
  return fc.oneof(mutatedBody(valid), junkValue, fc.constant(DEEP_VALUE), fc.constant(undefined));
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

/** A caller the route lets through, so that the body is what decides (public routes: none). */
async function allowedToken(route: RouteDecl): Promise<string | undefined> {
  if (route.auth.kind === 'public') return undefined;
  const role = route.auth.roles.includes('admin') ? 'admin' : route.auth.roles[0];
  if (role) return tokenFor(USERS[role]);
  const res = await clientCredentialsToken(await createMachineClient([...(route.auth.scopes ?? [])]));
  return ((await res.json()) as { access_token: string }).access_token;
}

describe('bad operations in a batch get a 4xx each, never a 5xx', () => {
  const runs = Math.max(3, Math.ceil(RUNS / 5));
  for (const route of appModel.routes.filter(isBatchable)) {
    it(`${route.method} ${route.path}`, { timeout: 300_000 }, async () => {
      const fixture = await ROUTE_FIXTURES[route.operationId]!();
      const operation = fc
        .record({ body: bodyValueArbitrary(fixture.body), query: queryArbitrary(route), id: idArbitrary, valid: fc.boolean() })
        .map(({ body, query, id, valid }) => {
          // Half the operations keep the fixture's path (a resource that exists) so that the body is what is tried.
          const path = valid ? fixture.path : `${route.path.replace(/\{[^}]+\}/g, encodeURIComponent(id))}${query ? `?${query}` : ''}`;
          return { method: route.method, path, ...(body === undefined ? {} : { body }) };
        });
      await fc.assert(
        fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: 8 }), fc.boolean(), async (operations, atomic) => {
          const res = await fetch(`${apiUrl()}/v1/batch`, {
            method: 'POST',
            headers: { 'x-api-key': 'hydrant-local-demo-key-0001', authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: jsonText({ operations, atomic }),
          });
          const text = await res.text();
          const where = `${route.operationId}: ${text.slice(0, 500)}`;
          expect(res.status, where).toBeLessThan(500);
          if (res.status !== 200) return;
          const { results } = JSON.parse(text) as { results: { status: number; body?: { code?: string } }[] };
          expect(results).toHaveLength(operations.length);
          for (const result of results) {
            expect(result.status, where).toBeLessThan(500);
            if (result.status >= 400) expect(result.body?.code, where).toMatch(/^[A-Z_]+$/);
          }
        }),
        { numRuns: runs },
      );
    });
  }
});

/** Media types a prefix match would take for JSON, other types, and a charset the platform does not read. */
const UNACCEPTED_CANDIDATES = [
  'application/json-patch',
  'application/json-patch+json',
  'application/jsonfoo',
  'application/json-seq',
  'application/merge-patch+json',
  'text/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=iso-8859-1',
  'application/json garbage',
];

describe('every media type a route accepts is read; any other gets 415', () => {
  for (const route of appModel.routes.filter((r) => r.request?.body)) {
    it(`${route.method} ${route.path}`, async () => {
      const accepted = bodyMediaTypes(route);
      const fixture = await ROUTE_FIXTURES[route.operationId]!();
      // A password change that happens to succeed must not touch the demo users: a throwaway one.
      const token = route.operationId === 'changeMyPassword' ? (await activatedUser('technician')).tokens.access_token : await allowedToken(route);
      const send = (contentType: string) =>
        call(route.method, fixture.path, { ...(token ? { token } : {}), rawBody: JSON.stringify(fixture.body ?? {}), headers: { 'content-type': contentType } });
      for (const type of accepted) {
        for (const contentType of [type, type.toUpperCase(), `${type}; charset=UTF-8`, `${type};charset="utf-8"`]) {
          const res = await send(contentType);
          expect({ contentType, status: res.status, read: res.status < 500 && res.status !== 415 }).toMatchObject({ contentType, read: true });
        }
      }
      for (const contentType of UNACCEPTED_CANDIDATES.filter((t) => !accepted.includes(t.split(';')[0]!.trim()) || t.includes('charset'))) {
        const res = await send(contentType);
        expect({ contentType, status: res.status, code: res.body?.code, accepted: res.body?.accepted }).toEqual({ contentType, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', accepted });
      }
    });
  }
});
