/**
 * The authorization matrix, generated from the app model: every route × every kind
 * of caller gets exactly the status its declaration implies.
 *   anonymous        (API key, no token)          -> 401 on authenticated routes
 *   no API key       (valid token, no key)        -> 403 INVALID_API_KEY where a key is required
 *   expired token    (correctly signed, expired)  -> 401
 *   each role                                      -> success if the role is declared, else 403
 *   another client's user, on Acme's resources     -> 404 (existence not revealed) where clients may read,
 *                                                     400 where the body names one (ACME_RESOURCE_IN_BODY)
 *   a machine client with telemetry.write only     -> success exactly where the route declares that scope
 *                                                     (or is public), else 403 FORBIDDEN
 *   a partner app's user token (telemetry.write)   -> as the user (an admin) where the route declares the
 *                                                     app's scope, else 403 FORBIDDEN
 * Then every batchable route × every principal through `POST /v1/batch` (each role,
 * another client's user, a machine client and a partner app's user token with and
 * without the route's scope): each operation gets the same answer as that direct call.
 */
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { appModel, type RouteDecl } from '#lib/model/index';
import { defaultSuccessStatus } from '#lib/model/types';
import { isBatchable } from '#lib/model/routes/batch';
import { SCOPE_NAMES, type ScopeName } from '#lib/model/scopes';
import { call, tokenFor, USERS } from '../support/api';
import { clientCredentialsToken, createMachineClient, createUser, login, partnerAppUserToken } from '../support/identity';
import { ACME_RESOURCE_IN_BODY, ROUTE_FIXTURES, type PreparedCall } from '../support/route-fixtures';

type Scoped = { kind: 'machine' | 'partner'; scope: ScopeName };
type Caller = 'anonymous' | 'noApiKey' | 'expiredToken' | 'admin' | 'manager' | 'technician' | 'client' | 'otherClient' | 'machine' | 'partner';
const CALLERS: Caller[] = ['anonymous', 'noApiKey', 'expiredToken', 'admin', 'manager', 'technician', 'client', 'otherClient', 'machine', 'partner'];
/** The one scope of the matrix's machine client and partner app. */
const MACHINE_SCOPE = 'telemetry.write';
const ROLE_OF = { admin: 'admin', manager: 'manager', technician: 'technician', client: 'client', otherClient: 'client' } as const;
/** The user who signs in to the partner apps: an admin, so that only the app's scopes can refuse. */
const PARTNER_USER = 'admin';

const successStatus = defaultSuccessStatus;
const refused = { status: 403, code: 'FORBIDDEN' };

/** The status the declaration implies, and the problem code when it is a refusal. */
function expected(route: RouteDecl, caller: Caller | Scoped): { status: number; code?: string } {
  const ok = { status: successStatus(route) };
  if (caller === 'noApiKey' && route.apiKey) return { status: 403, code: 'INVALID_API_KEY' };
  if (route.auth.kind === 'public') return ok;
  if (caller === 'anonymous' || caller === 'expiredToken') return { status: 401, code: 'UNAUTHORIZED' };
  if (caller === 'noApiKey') return ok; // only health is keyless, and it is public
  if (caller === 'machine' || caller === 'partner') return expected(route, { kind: caller, scope: MACHINE_SCOPE });
  if (typeof caller === 'object') {
    if (!route.auth.scopes?.includes(caller.scope)) return refused;
    return caller.kind === 'machine' ? ok : expected(route, PARTNER_USER);
  }
  if (!route.auth.roles.includes(ROLE_OF[caller])) return refused;
  // Another client's user may call the route, but Acme's resource is invisible to it.
  if (caller === 'otherClient' && route.path.includes('{')) return { status: 404, code: 'NOT_FOUND' };
  // A body naming an Acme resource names, for another client, one that does not exist.
  if (caller === 'otherClient' && ACME_RESOURCE_IN_BODY.has(route.operationId)) return { status: 400, code: 'VALIDATION_FAILED' };
  return ok;
}

const scopedTokens = new Map<string, Promise<string>>();

/**
 * A token holding one scope, made once per file: a client-credentials token of a machine
 * client, or an admin's token issued to a partner app, both created through the API.
 */
function scopedToken({ kind, scope }: Scoped): Promise<string> {
  const key = `${kind}:${scope}`;
  let token = scopedTokens.get(key);
  if (!token) {
    token =
      kind === 'partner'
        ? partnerAppUserToken([scope], USERS[PARTNER_USER])
        : (async () => {
            const res = await clientCredentialsToken(await createMachineClient([scope]));
            if (res.status !== 200) throw new Error(`machine token: ${res.status} ${await res.text()}`);
            return ((await res.json()) as { access_token: string }).access_token;
          })();
    scopedTokens.set(key, token);
  }
  return token;
}

/** A new user of the caller's role (for calls the shared demo users must not make). */
async function freshUserToken(caller: Caller): Promise<string | undefined> {
  if (!(caller in ROLE_OF)) return undefined;
  const res = await login(await createUser(ROLE_OF[caller as keyof typeof ROLE_OF]));
  return res.body.access_token as string;
}

async function credentials(caller: Caller): Promise<{ token?: string; apiKey?: string | null }> {
  switch (caller) {
    case 'machine':
    case 'partner':
      return { token: await scopedToken({ kind: caller, scope: MACHINE_SCOPE }) };
    case 'anonymous':
      return {};
    case 'noApiKey':
      return { token: await tokenFor(USERS.admin), apiKey: null };
    case 'expiredToken':
      return { token: inject('expiredToken') };
    default:
      return { token: await tokenFor(USERS[caller]) };
  }
}

describe('authorization matrix', () => {
  it('has a fixture for every route of the model', () => {
    const missing = appModel.routes.map((r) => r.operationId).filter((id) => !ROUTE_FIXTURES[id]);
    expect(missing).toEqual([]);
  });

  for (const route of appModel.routes) {
    describe(`${route.method} ${route.path} (${route.operationId})`, () => {
      for (const caller of CALLERS) {
        const want = expected(route, caller);
        it(`${caller} -> ${want.status}${want.code ? ` ${want.code}` : ''}`, async () => {
          const prepare = ROUTE_FIXTURES[route.operationId];
          if (!prepare) throw new Error(`no fixture for ${route.operationId}`);
          const prepared = await prepare();
          const fresh = prepared.asFreshUser ? await freshUserToken(caller) : undefined;
          const creds = fresh ? { token: fresh } : await credentials(caller);
          const body = fresh && prepared.asFreshUser ? await prepared.asFreshUser(fresh) : prepared.body;
          const res = await call(route.method, prepared.path, { ...creds, ...(body !== undefined ? { body } : {}) });
          expect({ status: res.status, code: want.code ? res.body?.code : undefined }).toEqual({ status: want.status, code: want.code });
          if (res.status >= 400) expect(res.headers.get('content-type')).toContain('application/problem+json');
        });
      }
    });
  }
});

/** Who calls a batch: a demo user, or a machine client / partner app with or without each route's scope. */
type BatchPrincipal = { name: string; callerFor: (route: RouteDecl) => Caller | Scoped | undefined };

const withScope = (kind: Scoped['kind'], has: boolean): BatchPrincipal => ({
  name: `${kind === 'machine' ? 'a machine client' : "a partner app's user token"} ${has ? 'with' : 'without'} the route's scope`,
  callerFor: (route) => {
    const declared = route.auth.kind === 'authenticated' ? (route.auth.scopes ?? []) : [];
    const scope = has ? declared[0] : SCOPE_NAMES.find((s) => !declared.includes(s));
    return scope ? { kind, scope: scope as ScopeName } : undefined;
  },
});

const BATCH_PRINCIPALS: BatchPrincipal[] = [
  ...(['admin', 'manager', 'technician', 'client', 'otherClient'] as const).map((caller) => ({ name: caller, callerFor: () => caller })),
  withScope('machine', true),
  withScope('machine', false),
  withScope('partner', true),
  withScope('partner', false),
];

/** Operations per batch call: well under the limit of 100, so that a batch stays within its function's timeout here. */
const OPERATIONS_PER_BATCH = 25;

async function mapConcurrently<T, R>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return out;
}

/** A refused call changes nothing, so one fixture per route serves every refusal; a success gets its own. */
const refusalFixtures = new Map<string, Promise<PreparedCall>>();
function fixtureFor(route: RouteDecl, willSucceed: boolean): Promise<PreparedCall> {
  const prepare = ROUTE_FIXTURES[route.operationId];
  if (!prepare) throw new Error(`no fixture for ${route.operationId}`);
  if (willSucceed) return prepare();
  let shared = refusalFixtures.get(route.operationId);
  if (!shared) refusalFixtures.set(route.operationId, (shared = prepare()));
  return shared;
}

const tokenOf = async (caller: Caller | Scoped) => (typeof caller === 'object' ? scopedToken(caller) : tokenFor(USERS[caller as keyof typeof USERS]));

describe('authorization matrix through POST /v1/batch', () => {
  const batchable = appModel.routes.filter(isBatchable);

  it('has batchable routes with scopes, so the scoped principals are exercised', () => {
    expect(batchable.filter((r) => r.auth.kind === 'authenticated' && r.auth.scopes?.length).length).toBeGreaterThan(0);
  });

  for (const principal of BATCH_PRINCIPALS) {
    it(`${principal.name}: every batchable route answers in a batch as it does directly`, { timeout: 900_000 }, async () => {
      const cases = batchable.flatMap((route) => {
        const caller = principal.callerFor(route);
        return caller ? [{ route, caller, want: expected(route, caller) }] : [];
      });
      const prepared = await mapConcurrently(cases, 4, async (c) => ({ ...c, call: await fixtureFor(c.route, c.want.status < 300), token: await tokenOf(c.caller) }));
      // One batch holds one caller's token: group the operations by token, then by batches.
      const byToken = new Map<string, typeof prepared>();
      for (const c of prepared) byToken.set(c.token, [...(byToken.get(c.token) ?? []), c]);
      const mismatches: string[] = [];
      for (const [token, group] of byToken) {
        for (let i = 0; i < group.length; i += OPERATIONS_PER_BATCH) {
          const chunk = group.slice(i, i + OPERATIONS_PER_BATCH);
          const operations = chunk.map((c) => ({ method: c.route.method, path: c.call.path, ...(c.call.body !== undefined ? { body: c.call.body } : {}) }));
          const res = await call('POST', '/v1/batch', { token, body: { operations } });
          expect(res.status, JSON.stringify(res.body)).toBe(200);
          chunk.forEach((c, j) => {
            const got = res.body.results[j] as { status: number; body?: { code?: string } };
            const code = c.want.code ? got.body?.code : undefined;
            if (got.status !== c.want.status || code !== c.want.code || (got.status >= 400 && typeof got.body?.code !== 'string')) {
              mismatches.push(`${c.route.operationId} ${JSON.stringify(c.caller)}: want ${c.want.status} ${c.want.code ?? ''}, got ${got.status} ${JSON.stringify(got.body).slice(0, 200)}`);
            }
          });
        }
      }
      expect(mismatches).toEqual([]);
    });
  }
});
