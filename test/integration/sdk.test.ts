/**
 * The SDK against the local stack, as an application uses it: sign-in (password, the
 * new-password challenge, TOTP) and refresh, lists walked page after page, a creation
 * retried after its answer was lost (one resource made), an update with a stale ETag (a
 * typed 412), problems as typed exceptions, and a webhook delivery verified with the SDK's
 * verifier. Every answer the SDK receives is also checked against openapi.yaml.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_API_KEY, DEMO_PASSWORD } from '#lib/local/bootstrap/demo-data';
import { createHydrantClient, Forbidden, HydrantProblem, NotFound, PreconditionFailed, Unauthorized, ValidationFailed, verifyWebhook, type HydrantClient, type HydrantClientOptions } from '../../sdk/src/index';
import { apiUrl, USERS } from '../support/api';
import { assertMatchesContract } from '../support/contract';
import { createUser, enrolTotp, totpCode } from '../support/identity';
import { ACME } from '../support/route-fixtures';
import { createdUser, strongPassword } from '../support/users';
import { startReceiver, type Receiver } from '../support/webhooks';

/** fetch, with every answer checked against the contract (the body read from a copy). */
async function checkedFetch(request: Request): Promise<Response> {
  const response = await fetch(request);
  const copy = response.clone();
  const text = await copy.text();
  const contentType = copy.headers.get('content-type') ?? '';
  const url = new URL(request.url);
  assertMatchesContract(request.method, `${url.pathname}${url.search}`, response.status, contentType, text && /json/.test(contentType) ? JSON.parse(text) : text);
  return response;
}

const clientFor = (options: Partial<HydrantClientOptions> = {}): HydrantClient =>
  createHydrantClient({ baseUrl: apiUrl(), apiKey: DEMO_API_KEY, fetch: checkedFetch, retry: { baseDelayMs: 10 }, ...options });

async function signedIn(email: string, options: Partial<HydrantClientOptions> = {}): Promise<HydrantClient> {
  const client = clientFor(options);
  const result = await client.signIn(email, DEMO_PASSWORD);
  expect(result.kind).toBe('signed-in');
  return client;
}

let seq = 0;
const unique = (prefix: string) => `${prefix}-sdk-${process.pid}-${Date.now()}-${seq++}`;
const siteBody = (name = unique('Site')) => ({ name, address: '1 place Bellecour, Lyon', location: { lat: 45.75, lon: 4.83 }, clientId: ACME });

describe('sign-in', () => {
  it('signs each demo user in and calls as that user; a refresh gives a new working access token', async () => {
    for (const [role, email] of Object.entries({ admin: USERS.admin, manager: USERS.manager, technician: USERS.technician, client: USERS.client })) {
      const client = await signedIn(email);
      const { data } = await client.api.GET('/v1/me');
      expect(data, role).toMatchObject({ email, role });
    }
    const client = await signedIn(USERS.technician);
    const before = client.session.current!;
    const after = await client.session.refresh();
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect((await client.api.GET('/v1/me')).data).toMatchObject({ email: USERS.technician });
    await client.signOut();
    expect(client.session.current).toBeUndefined();
    await expect(client.api.GET('/v1/me')).rejects.toBeInstanceOf(Unauthorized);
  });

  it('answers the new-password challenge of a first sign-in', async () => {
    const user = await createdUser('technician');
    const client = clientFor();
    const first = await client.signIn(user.email, user.temporaryPassword);
    expect(first).toMatchObject({ kind: 'challenge', challenge: 'NEW_PASSWORD_REQUIRED' });
    if (first.kind !== 'challenge') throw new Error('no challenge');
    const done = await client.completeNewPassword(first, strongPassword());
    expect(done.kind).toBe('signed-in');
    expect((await client.api.GET('/v1/me')).data).toMatchObject({ email: user.email });
  });

  it('answers the TOTP challenge of a user with an authenticator app', async () => {
    const email = await createUser('technician');
    const enrolling = await signedIn(email);
    const secret = await enrolTotp(enrolling.session.current!.accessToken);
    const client = clientFor();
    const challenge = await client.signIn(email, DEMO_PASSWORD);
    expect(challenge).toMatchObject({ kind: 'challenge', challenge: 'SOFTWARE_TOKEN_MFA' });
    if (challenge.kind !== 'challenge') throw new Error('no challenge');
    expect((await client.respondToMfa(challenge, totpCode(secret, 1))).kind).toBe('signed-in');
    expect((await client.api.GET('/v1/me')).data).toMatchObject({ email });
  });

  it('refuses wrong credentials with a typed 401 INVALID_CREDENTIALS', async () => {
    const error = await clientFor().signIn(USERS.manager, 'not-the-password').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Unauthorized);
    expect(error).toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' });
  });
});

describe('lists', () => {
  it('walks a list page after page with the iterator: every item once, as one large page has them', async () => {
    const client = await signedIn(USERS.manager);
    // A client of its own, so the list holds these five sites whatever other tests create.
    const { data: owner } = await client.api.POST('/v1/clients', { body: { name: unique('SDK pages'), email: 'contact@eau.example' } });
    for (let i = 0; i < 5; i++) await client.api.POST('/v1/sites', { body: { ...siteBody(), clientId: owner!.id } });
    const pages: string[][] = [];
    for await (const page of client.pages('/v1/sites', { query: { limit: 2, clientId: owner!.id } })) pages.push(page.map((s) => s.id));
    expect(pages.length).toBe(3);
    expect(pages.every((p) => p.length <= 2)).toBe(true);
    const iterated = [];
    for await (const site of client.list('/v1/sites', { query: { limit: 3, clientId: owner!.id } })) iterated.push(site.id);
    const { data: all } = await client.api.GET('/v1/sites', { params: { query: { limit: 100, clientId: owner!.id } } });
    expect(all!.data).toHaveLength(5);
    expect(all!.nextCursor).toBeNull();
    expect(iterated).toEqual(all!.data.map((s) => s.id));
    expect(pages.flat()).toEqual(iterated);
  });
});

describe('retries', () => {
  it('retries a creation whose answer was lost with the same Idempotency-Key: one site is made, the replay answers it', async () => {
    const keys: string[] = [];
    let lost = false;
    // The first answer of the creation reaches the server, then the connection "drops".
    const flaky = async (request: Request) => {
      if (request.method === 'POST' && new URL(request.url).pathname === '/v1/sites') keys.push(request.headers.get('idempotency-key') ?? '');
      const response = await checkedFetch(request);
      if (request.method === 'POST' && !lost && new URL(request.url).pathname === '/v1/sites') {
        lost = true;
        throw new TypeError('fetch failed: socket hang up');
      }
      return response;
    };
    const client = await signedIn(USERS.manager, { fetch: flaky });
    const name = unique('Retried');
    const { data, response } = await client.api.POST('/v1/sites', { body: siteBody(name) });
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBe(keys[1]);
    expect(response.headers.get('idempotent-replayed')).toBe('true');
    const named = [];
    for await (const site of client.list('/v1/sites', { query: { limit: 100, clientId: ACME } })) if (site.name === name) named.push(site.id);
    expect(named).toEqual([data!.id]);
  });
});

describe('ETags', () => {
  it('updates with If-Match, and a stale ETag is a typed 412 PRECONDITION_FAILED', async () => {
    const client = await signedIn(USERS.manager);
    const { data: site } = await client.api.POST('/v1/sites', { body: siteBody() });
    const first = await client.read('/v1/sites/{id}', { id: site!.id });
    const updated = await client.update('/v1/sites/{id}', { id: site!.id }, first.etag, { name: `${first.data.name} (A)` });
    expect(updated.data.name).toBe(`${first.data.name} (A)`);
    expect(updated.etag).not.toBe(first.etag);
    const stale = await client.update('/v1/sites/{id}', { id: site!.id }, first.etag, { name: 'lost update' }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(PreconditionFailed);
    expect(stale).toMatchObject({ status: 412, code: 'PRECONDITION_FAILED' });
    const modified = await client.modify('/v1/sites/{id}', { id: site!.id }, (current) => ({ name: `${current.name} (B)` }));
    expect(modified.data.name).toBe(`${first.data.name} (A) (B)`);
  });
});

describe('problems', () => {
  it('throws each error as its typed problem with the stable code', async () => {
    const technician = await signedIn(USERS.technician);
    const manager = await signedIn(USERS.manager);
    const forbidden = await technician.api.POST('/v1/sites', { body: siteBody() }).catch((e: unknown) => e);
    expect(forbidden).toBeInstanceOf(Forbidden);
    expect(forbidden).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    const missing = await manager.api.GET('/v1/sites/{id}', { params: { path: { id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7ZZZ' } } }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFound);
    const invalid = await manager.api.POST('/v1/sites', { body: { ...siteBody(), name: '' } }).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ValidationFailed);
    expect((invalid as ValidationFailed).errors.map((e) => e.path)).toContain('body.name');
    const token = manager.session.current!.accessToken;
    const noKey = await createHydrantClient({ baseUrl: apiUrl(), accessToken: token, fetch: checkedFetch, retry: false }).api.GET('/v1/sites').catch((e: unknown) => e);
    expect(noKey).toBeInstanceOf(Forbidden);
    expect(noKey).toMatchObject({ status: 403, code: 'INVALID_API_KEY' });
    const noToken = await createHydrantClient({ baseUrl: apiUrl(), apiKey: DEMO_API_KEY, fetch: checkedFetch, retry: false }).api.GET('/v1/sites').catch((e: unknown) => e);
    expect(noToken).toBeInstanceOf(HydrantProblem);
    expect(noToken).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
  });
});

describe('webhooks', () => {
  let receiver: Receiver;
  beforeAll(async () => {
    Object.assign(process.env, inject('stackEnv'));
    receiver = await startReceiver();
  });
  afterAll(async () => receiver.close());

  it('verifies a real delivery with the SDK, and refuses it with another secret or a changed body', async () => {
    const admin = await signedIn(USERS.admin);
    const manager = await signedIn(USERS.manager);
    const { data: hook } = await admin.api.POST('/v1/webhooks', { body: { url: receiver.url('/sdk'), eventTypes: ['work_order.created'] } });
    const { data: order } = await manager.api.POST('/v1/work-orders', { body: { title: unique('Fuite'), type: 'corrective', priority: 'high', clientId: ACME } });
    const [delivery] = await receiver.waitFor('/sdk', 1, 20_000, (r) => r.body.includes(order!.id));
    const event = await verifyWebhook<{ type: string; data: { id: string } }>(hook!.secret, delivery!.body, delivery!.headers);
    expect(event).toMatchObject({ type: 'work_order.created', data: { id: order!.id } });
    await expect(verifyWebhook('whsec_' + btoa('another secret of 24+ bytes!!'), delivery!.body, delivery!.headers)).rejects.toThrow('No matching signature');
    await expect(verifyWebhook(hook!.secret, delivery!.body.replace(order!.id, 'x'), delivery!.headers)).rejects.toThrow('No matching signature');
  });
});
