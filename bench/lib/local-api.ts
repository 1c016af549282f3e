/**
 * Calls to a local stack's API from a benchmark: a demo user's login, and JSON requests
 * with the demo API key.
 */
import { DEMO_API_KEY, DEMO_PASSWORD } from '#lib/local/bootstrap/demo-data';

/** A demo user's access token (password `Hydrant-Demo-2026`). */
export async function demoToken(apiUrl: string, username: string): Promise<string> {
  const res = await fetch(`${apiUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'x-api-key': DEMO_API_KEY, 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** A JSON call with the demo API key and a bearer token; throws unless it answers `expected`. */
export async function apiCall<T = Record<string, unknown>>(
  apiUrl: string,
  token: string,
  method: string,
  path: string,
  body: unknown,
  expected: number,
): Promise<T> {
  const res = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'x-api-key': DEMO_API_KEY, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status !== expected) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? {} : await res.json()) as T;
}

/**
 * Creates `total` work orders of the demo client Acme through the API, `concurrency` in
 * flight; resolves with the time each one's 201 was read (its commit), by id.
 */
export async function createWorkOrders(apiUrl: string, token: string, total: number, concurrency: number): Promise<Map<string, number>> {
  const committedAt = new Map<string, number>();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++;
        const body = { title: `Bench ${next}`, type: 'corrective', priority: 'low', clientId: '01JC8Y5T0000000000ACME0001' };
        const { id } = await apiCall<{ id: string }>(apiUrl, token, 'POST', '/v1/work-orders', body, 201);
        committedAt.set(id, Date.now());
      }
    }),
  );
  return committedAt;
}
