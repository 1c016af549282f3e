/** The client's transport: API key, token refresh (before expiry, once on a 401, once for concurrent calls), problems thrown. */
import { describe, expect, it } from 'vitest';
import { createHydrantClient, NotFound, Unauthorized } from '../../../sdk/src/index';

interface Seen {
  readonly path: string;
  readonly authorization: string | null;
  readonly apiKey: string | null;
}

/** A fake API: issues tokens `access-1`, `access-2`... and answers 401 to a token it revoked. */
function fakeApi() {
  const seen: Seen[] = [];
  let issued = 0;
  let refreshes = 0;
  const revoked = new Set<string>();
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });
  const tokens = () => ({ access_token: `access-${++issued}`, id_token: 'id', refresh_token: `refresh-${issued}`, expires_in: 3600, token_type: 'Bearer' });
  const fetch = async (request: Request) => {
    const path = new URL(request.url).pathname;
    const authorization = request.headers.get('authorization');
    seen.push({ path, authorization, apiKey: request.headers.get('x-api-key') });
    if (path === '/v1/auth/login') return json(200, tokens());
    if (path === '/v1/auth/refresh') {
      refreshes++;
      await new Promise((r) => setTimeout(r, 5));
      return json(200, tokens());
    }
    if (!authorization || revoked.has(authorization.slice('Bearer '.length))) return json(401, { status: 401, code: 'UNAUTHORIZED', detail: 'A valid bearer token is required' });
    if (path === '/v1/sites/missing') return json(404, { status: 404, code: 'NOT_FOUND', detail: 'No such site' });
    return json(200, { id: path.split('/').pop(), name: 'Nord' });
  };
  return { seen, fetch, revoke: (token: string) => revoked.add(token), refreshes: () => refreshes };
}

describe('HydrantClient', () => {
  it('sends the API key on every call and the access token once signed in', async () => {
    const api = fakeApi();
    const client = createHydrantClient({ baseUrl: 'http://api.test/', apiKey: 'key-1', fetch: api.fetch, retry: false });
    const result = await client.signIn('manager@hydrant.local', 'secret');
    expect(result.kind).toBe('signed-in');
    const { data } = await client.api.GET('/v1/sites/{id}', { params: { path: { id: 'site-1' } } });
    expect(data).toMatchObject({ id: 'site-1' });
    expect(api.seen.map((s) => s.apiKey)).toEqual(['key-1', 'key-1']);
    expect(api.seen[1]!.authorization).toBe('Bearer access-1');
  });

  it('refreshes once on a 401 and repeats the call with the new token', async () => {
    const api = fakeApi();
    const client = createHydrantClient({ baseUrl: 'http://api.test', fetch: api.fetch, retry: false });
    await client.signIn('manager@hydrant.local', 'secret');
    api.revoke('access-1');
    await client.api.GET('/v1/sites/{id}', { params: { path: { id: 'site-1' } } });
    expect(api.seen.map((s) => `${s.path} ${s.authorization ?? ''}`.trim())).toEqual(['/v1/auth/login', '/v1/sites/site-1 Bearer access-1', '/v1/auth/refresh', '/v1/sites/site-1 Bearer access-2']);
    // A second 401 is the answer: no loop of refreshes.
    api.revoke('access-2');
    api.revoke('access-3');
    await expect(client.api.GET('/v1/sites/{id}', { params: { path: { id: 'site-1' } } })).rejects.toBeInstanceOf(Unauthorized);
    expect(api.refreshes()).toBe(2);
  });

  it('refreshes before the token expires, once for concurrent calls', async () => {
    const api = fakeApi();
    let now = Date.parse('2026-11-21T09:30:00Z');
    const client = createHydrantClient({ baseUrl: 'http://api.test', fetch: api.fetch, retry: false, now: () => now });
    await client.signIn('manager@hydrant.local', 'secret');
    now += 3600_000 - 30_000;
    await Promise.all(['a', 'b', 'c'].map((id) => client.api.GET('/v1/sites/{id}', { params: { path: { id } } })));
    expect(api.refreshes()).toBe(1);
    expect(api.seen.filter((s) => s.path.startsWith('/v1/sites/')).map((s) => s.authorization)).toEqual(Array(3).fill('Bearer access-2'));
  });

  it('throws problem answers as typed exceptions', async () => {
    const api = fakeApi();
    const client = createHydrantClient({ baseUrl: 'http://api.test', fetch: api.fetch, retry: false, accessToken: 'machine-token' });
    const error = await client.api.GET('/v1/sites/{id}', { params: { path: { id: 'missing' } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFound);
    expect(error).toMatchObject({ status: 404, code: 'NOT_FOUND', detail: 'No such site' });
    expect(api.seen[0]!.authorization).toBe('Bearer machine-token');
  });
});
