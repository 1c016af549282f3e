/**
 * The cross-feature matrix, generated from the app model: every cross-cutting
 * mechanism × every route the model says it applies to. A new route is covered by
 * what it declares; a route without a fixture (test/support/route-fixtures.ts) fails.
 *
 *   every route          a valid call succeeds; counted in a usage plan's quota (RateLimit headers) where it needs a key
 *   mutating routes      one audit record, with the route's action, resource type and status
 *   routes on a resource a user of another tenant gets 404, and the resource is untouched
 *   idempotent routes    the same Idempotency-Key replays the answer (one side effect); another payload is 422
 *   selectable fields    `?fields=f` answers only `id` and `f` (every item of a list); an unknown field is 400
 *   If-None-Match        a GET answers an ETag, and 304 when it is sent back
 *   If-Match             a stale ETag is 412 PRECONDITION_FAILED and changes nothing; without one, the change applies
 *   scopes               a machine client holding one of the route's scopes succeeds
 *
 * Client isolation (a client user of another client) and the refusals of every role and
 * scope are the authorization matrix's (authorization-matrix.test.ts); batch is batch.test.ts's.
 */
import { describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import { resourceTypeOf } from '#domain/audit';
import { appModel, type RouteDecl } from '#lib/model/index';
import { defaultSuccessStatus, type Role } from '#lib/model/types';
import { selectableFields } from '#lib/model/field-paths';
import { call, tokenFor, USERS, type RequestOptions } from '../support/api';
import { clientCredentialsToken, createMachineClient, createUser, login } from '../support/identity';
import { ROUTE_FIXTURES, type PreparedCall } from '../support/route-fixtures';

const successStatus = defaultSuccessStatus;
const authenticated = (route: RouteDecl) => route.auth.kind === 'authenticated';
const reads = (route: RouteDecl, header: string) => route.request?.headers?.includes(header) ?? false;

/** The role the matrix calls a route as: the most privileged one it allows. */
function roleOf(route: RouteDecl): Role | undefined {
  if (route.auth.kind !== 'authenticated') return undefined;
  return (['admin', 'manager', 'technician', 'client'] as const).find((r) => route.auth.kind === 'authenticated' && route.auth.roles.includes(r));
}

const DEMO_USER_OF: Record<Role, string> = { admin: USERS.admin, manager: USERS.manager, technician: USERS.technician, client: USERS.client };

async function prepare(route: RouteDecl): Promise<PreparedCall> {
  const fixture = ROUTE_FIXTURES[route.operationId];
  if (!fixture) throw new Error(`no fixture for ${route.operationId}: add one to test/support/route-fixtures.ts`);
  return fixture();
}

/** Credentials and body of a call as the route's role (a new user when the fixture asks for one). */
async function asCaller(route: RouteDecl, prepared: PreparedCall): Promise<RequestOptions> {
  const role = roleOf(route);
  if (!role) return prepared.body !== undefined ? { body: prepared.body } : {};
  if (prepared.asFreshUser) {
    const token = (await login(await createUser(role))).body.access_token as string;
    return { token, body: await prepared.asFreshUser(token) };
  }
  return { token: await tokenFor(DEMO_USER_OF[role]), ...(prepared.body !== undefined ? { body: prepared.body } : {}) };
}

/** A user of another tenant, per role, logged in once. */
const foreignTokens = new Map<Role, Promise<string>>();
const FOREIGN_TENANT = `matrix-${ulid()}`;
function foreignToken(role: Role): Promise<string> {
  let token = foreignTokens.get(role);
  if (!token) {
    token = createUser(role, FOREIGN_TENANT).then(async (email) => (await login(email)).body.access_token as string);
    foreignTokens.set(role, token);
  }
  return token;
}

/** A machine client holding one scope, per scope. */
const machineTokens = new Map<string, Promise<string>>();
function machineToken(scope: string): Promise<string> {
  let token = machineTokens.get(scope);
  if (!token) {
    token = (async () => {
      const res = await clientCredentialsToken(await createMachineClient([scope]));
      if (res.status !== 200) throw new Error(`machine token for ${scope}: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { access_token: string }).access_token;
    })();
    machineTokens.set(scope, token);
  }
  return token;
}

const PLAN_QUOTAS = appModel.usagePlans.map((p) => p.quota.limit);

const withQuery = (path: string, query: string) => `${path}${path.includes('?') ? '&' : '?'}${query}`;

/** The audit records of one action since `from` (the admin reads them). */
async function auditRecords(action: string, from: string): Promise<any[]> {
  const res = await call('GET', `/v1/audit-logs?action=${action}&from=${encodeURIComponent(from)}&limit=100`, { token: await tokenFor(USERS.admin) });
  expect(res.status).toBe(200);
  return res.body.data;
}

/** Path parameters that are all closed lists (e.g. a model's name) name the same thing in every tenant, not a tenant's resource. */
const namesCatalogueEntry = (route: RouteDecl) => {
  const shape = (route.request?.params?.shape ?? {}) as Record<string, { def?: { type?: string } }>;
  return Object.keys(shape).length > 0 && Object.values(shape).every((s) => s.def?.type === 'enum');
};
const hasTenantResource = (route: RouteDecl) => authenticated(route) && route.path.includes('{') && !namesCatalogueEntry(route) && roleOf(route) !== 'client';

describe('cross-feature matrix', () => {
  it('has a fixture for every route of the model', () => {
    expect(appModel.routes.map((r) => r.operationId).filter((id) => !ROUTE_FIXTURES[id])).toEqual([]);
  });

  for (const route of appModel.routes) {
    const name = `${route.method} ${route.path} (${route.operationId})`;
    const mutating = route.method !== 'GET';
    describe(name, () => {
      const checks = [
        route.apiKey && 'quota',
        mutating && authenticated(route) && 'audit',
        hasTenantResource(route) && 'tenant isolation',
      ].filter(Boolean);
      it(`succeeds${checks.length ? `; ${checks.join(', ')}` : ''}`, async () => {
        const prepared = await prepare(route);
        const want = successStatus(route);
        if (hasTenantResource(route)) {
          const foreign = await call(route.method, prepared.path, { token: await foreignToken(roleOf(route)!), ...(prepared.body !== undefined ? { body: prepared.body } : {}) });
          expect({ status: foreign.status, code: foreign.body?.code }, 'a user of another tenant').toEqual({ status: 404, code: 'NOT_FOUND' });
        }
        const from = new Date().toISOString();
        const res = await call(route.method, prepared.path, await asCaller(route, prepared));
        // The call still succeeds after the foreign one: that one changed nothing.
        expect(res.status, JSON.stringify(res.body)).toBe(want);
        if (route.apiKey) {
          const quota = /"quota";q=(\d+)/.exec(res.headers.get('ratelimit-policy') ?? '')?.[1];
          expect(PLAN_QUOTAS, 'counted in the quota of a usage plan of the model').toContain(Number(quota));
        }
        if (mutating && authenticated(route)) {
          const records = await auditRecords(route.operationId, from);
          const resourceType = route.audit?.resourceType ?? resourceTypeOf(route.path);
          expect(records.filter((r) => r.status === res.status).map((r) => r.resourceType), 'audited once, as its resource type').toEqual([resourceType]);
        }
      });

      if (route.idempotent) {
        it('replays an Idempotency-Key (one side effect) and refuses it with another payload (422)', async () => {
          const first = await prepare(route);
          const options = await asCaller(route, first);
          const key = `matrix-${ulid()}`;
          const headers = { 'idempotency-key': key };
          const from = new Date().toISOString();
          const once = await call(route.method, first.path, { ...options, headers });
          expect(once.status, JSON.stringify(once.body)).toBe(successStatus(route));
          const again = await call(route.method, first.path, { ...options, headers });
          expect({ status: again.status, body: again.body, replayed: again.headers.get('idempotent-replayed') }).toEqual({ status: once.status, body: once.body, replayed: 'true' });
          // The handler ran once: one audit record (a replay is not recorded, having changed nothing).
          expect(await auditRecords(route.operationId, from)).toHaveLength(1);

          const second = await prepare(route);
          const other = await asCaller(route, second);
          // Same path and body every time (e.g. batch's fixture): the same JSON spelt differently is another payload.
          const samePayload = second.path === first.path && JSON.stringify(other.body) === JSON.stringify(options.body);
          const { body: otherBody, ...rest } = { ...other, token: options.token };
          const differ = samePayload ? { ...rest, rawBody: JSON.stringify(otherBody, null, 2), headers: { ...headers, 'content-type': 'application/json' } } : { ...rest, ...(otherBody !== undefined ? { body: otherBody } : {}), headers };
          const reused = await call(route.method, second.path, differ);
          expect({ status: reused.status, code: reused.body?.code }).toEqual({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
        });
      }

      const selectable = route.method === 'GET' ? selectableFields(route, roleOf(route)).filter((f) => !f.includes('.') && f !== 'id') : [];
      if (selectable.length > 0 || reads(route, 'If-None-Match')) {
        it(`${selectable.length ? 'answers ?fields= only' : ''}${selectable.length && reads(route, 'If-None-Match') ? '; ' : ''}${reads(route, 'If-None-Match') ? 'answers an ETag, 304 on If-None-Match' : ''}`, async () => {
          const prepared = await prepare(route);
          const options = await asCaller(route, prepared);
          if (reads(route, 'If-None-Match')) {
            const full = await call('GET', prepared.path, options);
            expect(full.status).toBe(200);
            const etag = full.headers.get('etag');
            expect(etag, 'an ETag').toMatch(/^(W\/)?"[^"]+"$/);
            const again = await call('GET', prepared.path, { ...options, headers: { 'if-none-match': etag! } });
            expect(again.status).toBe(304);
          }
          if (selectable.length > 0) {
            const field = selectable[selectable.length - 1]!;
            const sparse = await call('GET', withQuery(prepared.path, `fields=${field}`), options);
            expect(sparse.status, JSON.stringify(sparse.body)).toBe(200);
            const items: object[] = Array.isArray(sparse.body?.data) ? sparse.body.data : [sparse.body];
            for (const item of items) expect(Object.keys(item).filter((k) => k !== 'id' && k !== field), `only ${field}`).toEqual([]);
            const unknown = await call('GET', withQuery(prepared.path, 'fields=noSuchField'), options);
            expect({ status: unknown.status, code: unknown.body?.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
          }
        });
      }

      if (reads(route, 'If-Match')) {
        it('refuses a stale If-Match with 412 and applies the change without one', async () => {
          const prepared = await prepare(route);
          const options = await asCaller(route, prepared);
          const stale = await call(route.method, prepared.path, { ...options, headers: { 'if-match': '"v999999"' } });
          expect({ status: stale.status, code: stale.body?.code }).toEqual({ status: 412, code: 'PRECONDITION_FAILED' });
          const unconditional = await call(route.method, prepared.path, options);
          expect(unconditional.status, JSON.stringify(unconditional.body)).toBe(successStatus(route));
        });
      }

      const scope = route.auth.kind === 'authenticated' ? route.auth.scopes?.[0] : undefined;
      if (scope && route.operationId !== 'batch') {
        it(`lets a machine client with ${scope} call it`, async () => {
          const prepared = await prepare(route);
          const res = await call(route.method, prepared.path, { token: await machineToken(scope), ...(prepared.body !== undefined ? { body: prepared.body } : {}) });
          expect(res.status, JSON.stringify(res.body)).toBe(successStatus(route));
        });
      }
    });
  }
});
