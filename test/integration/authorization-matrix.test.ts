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
 */
import { describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { appModel, type RouteDecl } from '#lib/model/index';
import { call, tokenFor, USERS } from '../support/api';
import { clientCredentialsToken, createMachineClient, createUser, login } from '../support/identity';
import { ACME_RESOURCE_IN_BODY, ROUTE_FIXTURES } from '../support/route-fixtures';

type Caller = 'anonymous' | 'noApiKey' | 'expiredToken' | 'admin' | 'manager' | 'technician' | 'client' | 'otherClient' | 'machine';
const CALLERS: Caller[] = ['anonymous', 'noApiKey', 'expiredToken', 'admin', 'manager', 'technician', 'client', 'otherClient', 'machine'];
/** The one scope of the matrix's machine client. */
const MACHINE_SCOPE = 'telemetry.write';
const ROLE_OF = { admin: 'admin', manager: 'manager', technician: 'technician', client: 'client', otherClient: 'client' } as const;

const successStatus = (route: RouteDecl) => Math.min(...Object.keys(route.responses).map(Number).filter((s) => s < 300));

/** The status the declaration implies, and the problem code when it is a refusal. */
function expected(route: RouteDecl, caller: Caller): { status: number; code?: string } {
  const ok = { status: successStatus(route) };
  if (caller === 'noApiKey' && route.apiKey) return { status: 403, code: 'INVALID_API_KEY' };
  if (route.auth.kind === 'public') return ok;
  if (caller === 'anonymous' || caller === 'expiredToken') return { status: 401, code: 'UNAUTHORIZED' };
  if (caller === 'noApiKey') return ok; // only health is keyless, and it is public
  if (caller === 'machine') return route.auth.scopes?.includes(MACHINE_SCOPE) ? ok : { status: 403, code: 'FORBIDDEN' };
  if (!route.auth.roles.includes(ROLE_OF[caller])) return { status: 403, code: 'FORBIDDEN' };
  // Another client's user may call the route, but Acme's resource is invisible to it.
  if (caller === 'otherClient' && route.path.includes('{')) return { status: 404, code: 'NOT_FOUND' };
  // A body naming an Acme resource names, for another client, one that does not exist.
  if (caller === 'otherClient' && ACME_RESOURCE_IN_BODY.has(route.operationId)) return { status: 400, code: 'VALIDATION_FAILED' };
  return ok;
}

let machineToken: Promise<string> | undefined;

/** A client-credentials token of a machine client created through the API with telemetry.write only. */
function tokenOfMachine(): Promise<string> {
  machineToken ??= (async () => {
    const client = await createMachineClient([MACHINE_SCOPE]);
    const res = await clientCredentialsToken(client);
    if (res.status !== 200) throw new Error(`machine token: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { access_token: string }).access_token;
  })();
  return machineToken;
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
      return { token: await tokenOfMachine() };
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
