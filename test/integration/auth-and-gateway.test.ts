/** Login, refresh, logout, and what the local gateway does before any handler runs. */
import { SignJWT, decodeJwt, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, TRIAL_API_KEY } from '#lib/local/bootstrap/demo-data';
import { apiUrl, call, tokenFor, USERS } from '../support/api';
import { activatedUser } from '../support/users';

describe('auth', () => {
  it('logs in with RFC 6749 token names and claims that carry role, tenant and client', async () => {
    const res = await call('POST', '/v1/auth/login', { body: { username: USERS.client, password: DEMO_PASSWORD } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    const claims = decodeJwt(res.body.access_token);
    expect(claims).toMatchObject({ token_use: 'access', 'cognito:groups': ['client'], 'custom:tenantId': 'hydrant-demo', 'custom:clientId': '01JC8Y5T0000000000ACME0001' });
  });

  it('refuses a wrong password or an unknown user alike with 401 INVALID_CREDENTIALS', async () => {
    const wrong = await call('POST', '/v1/auth/login', { body: { username: USERS.manager, password: 'nope-nope-nope' } });
    const unknown = await call('POST', '/v1/auth/login', { body: { username: 'ghost@hydrant.local', password: DEMO_PASSWORD } });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('INVALID_CREDENTIALS');
    }
    expect(wrong.body.detail).toBe(unknown.body.detail);
  });

  it('refreshes with rotation (each answer holds the next refresh token), then after logout no refresh token of the session works', async () => {
    const login = await call('POST', '/v1/auth/login', { body: { username: USERS.technician, password: DEMO_PASSWORD } });
    const refreshed = await call('POST', '/v1/auth/refresh', { body: { refresh_token: login.body.refresh_token } });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).toEqual(expect.any(String));
    expect(refreshed.body.refresh_token).toEqual(expect.any(String));
    expect(refreshed.body.refresh_token).not.toBe(login.body.refresh_token);
    const next = await call('POST', '/v1/auth/refresh', { body: { refresh_token: refreshed.body.refresh_token } });
    expect(next.status).toBe(200);
    const out = await call('POST', '/v1/auth/logout', { token: next.body.access_token, body: { refresh_token: next.body.refresh_token } });
    expect(out.status).toBe(204);
    for (const token of [login.body.refresh_token, refreshed.body.refresh_token, next.body.refresh_token]) {
      const again = await call('POST', '/v1/auth/refresh', { body: { refresh_token: token } });
      expect(again.status).toBe(401);
      expect(again.body.code).toBe('INVALID_CREDENTIALS');
    }
  });
});

describe('login as OAuth2 password-grant clients send it (application/x-www-form-urlencoded)', () => {
  const form = (fields: Record<string, string>, contentType = 'application/x-www-form-urlencoded') =>
    call('POST', '/v1/auth/login', { rawBody: new URLSearchParams(fields).toString(), headers: { 'content-type': contentType } });

  it('logs in with a form, grant_type, scope and client_id included, exactly as with JSON', async () => {
    const res = await form({ username: USERS.client, password: DEMO_PASSWORD, grant_type: 'password', scope: 'openid', client_id: 'legacy-sdk' }, 'application/x-www-form-urlencoded; charset=UTF-8');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600 });
    expect(decodeJwt(res.body.access_token)).toMatchObject({ token_use: 'access', 'cognito:groups': ['client'] });
    expect((await form({ username: USERS.client, password: DEMO_PASSWORD })).status).toBe(200);
  });

  it('answers a form with the same errors as JSON: 401 for bad credentials, 400 per field, 400 for a repeated or unknown field', async () => {
    const wrong = await form({ username: 'ghost-form@hydrant.local', password: 'nope-nope-nope' });
    const wrongJson = await call('POST', '/v1/auth/login', { body: { username: 'ghost-form@hydrant.local', password: 'nope-nope-nope' } });
    expect([wrong.status, wrong.body.code, wrong.body.detail]).toEqual([401, 'INVALID_CREDENTIALS', wrongJson.body.detail]);
    for (const [fields, path] of [
      [{ username: USERS.client }, 'body.password'],
      [{ username: USERS.client, password: DEMO_PASSWORD, grant_type: 'client_credentials' }, 'body.grant_type'],
      [{ username: USERS.client, password: DEMO_PASSWORD, remember: 'yes' }, 'body'],
    ] as const) {
      const viaForm = await form(fields);
      const viaJson = await call('POST', '/v1/auth/login', { body: fields });
      expect([viaForm.status, viaForm.body.code, viaForm.body.errors]).toEqual([400, 'VALIDATION_FAILED', viaJson.body.errors]);
      expect(viaForm.body.errors[0].path).toBe(path);
    }
    const repeated = await call('POST', '/v1/auth/login', { rawBody: `username=${encodeURIComponent(USERS.client)}&password=a&password=${DEMO_PASSWORD}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect([repeated.status, repeated.body.code, repeated.body.errors?.[0]?.path]).toEqual([400, 'VALIDATION_FAILED', 'body.password']);
    const plain = await call('POST', '/v1/auth/login', { rawBody: 'username=x&password=y', headers: { 'content-type': 'text/plain' } });
    expect([plain.status, plain.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
  });

  it('counts failed form logins in the same per-account window as JSON ones', async () => {
    const { user } = await activatedUser('technician');
    for (let i = 0; i < 5; i++) expect((await form({ username: user.email, password: `wrong-${i}-password` })).status).toBe(401);
    const locked = await call('POST', '/v1/auth/login', { body: { username: user.email, password: 'wrong-again-password' } });
    expect([locked.status, locked.body.code]).toEqual([429, 'RATE_LIMITED']);
  });
});

describe('local gateway', () => {
  it('serves health without key or token', async () => {
    const res = await call('GET', '/v1/health', { apiKey: null });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
  });

  it('refuses a token signed by another key with 401, as the Cognito authorizer does', async () => {
    const real = decodeJwt(await tokenFor(USERS.admin));
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(real).setProtectedHeader({ alg: 'RS256', kid: 'forged' }).sign(privateKey);
    const res = await call('GET', '/v1/sites', { token: forged });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('refuses an ID token where an access token is required', async () => {
    const login = await call('POST', '/v1/auth/login', { body: { username: USERS.admin, password: DEMO_PASSWORD } });
    expect((await call('GET', '/v1/sites', { token: login.body.id_token })).status).toBe(401);
  });

  it('refuses an unknown API key with 403 INVALID_API_KEY', async () => {
    const res = await call('GET', '/v1/sites', { token: await tokenFor(USERS.admin), apiKey: 'not-a-key' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('INVALID_API_KEY');
  });

  it('throttles a key past its usage plan with 429 THROTTLED and Retry-After', async () => {
    const token = await tokenFor(USERS.admin);
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 5; i++) {
      const res = await call('GET', '/v1/sites?limit=1', { token, apiKey: TRIAL_API_KEY });
      statuses.push(res.status);
      if (res.status === 429) {
        retryAfter = res.headers.get('retry-after');
        expect(res.body.code).toBe('THROTTLED');
      }
    }
    expect(statuses.slice(0, 2)).toEqual([200, 200]);
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  });

  it('answers an unknown route or method with 404 problem+json', async () => {
    for (const [method, path] of [['GET', '/v1/nothing-here'], ['PUT', '/v1/sites']] as const) {
      const res = await fetch(`${apiUrl()}${path}`, { method, headers: { 'x-api-key': 'hydrant-local-demo-key-0001' } });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { code: string }).code).toBe('ROUTE_NOT_FOUND');
    }
  });

  it('answers CORS preflight for configured origins only, and adds CORS headers to answers', async () => {
    const allowed = await fetch(`${apiUrl()}/v1/sites`, { method: 'OPTIONS', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'GET' } });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const other = await fetch(`${apiUrl()}/v1/sites`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const res = await call('GET', '/v1/sites?limit=1', { token: await tokenFor(USERS.admin), headers: { origin: 'http://localhost:5173' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });
});
