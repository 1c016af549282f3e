/**
 * Identity through the local stack: TOTP enrolment and login with a code (codes from the
 * otpauth package), MFA required by role, machine clients with the client-credentials
 * grant at the stand-in's /oauth2/token, and partner apps.
 */
import { createHash, randomBytes } from 'node:crypto';
import { DescribeUserPoolClientCommand, CognitoIdentityProviderClient, CreateUserPoolClientCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DEMO_PASSWORD } from '#lib/local/bootstrap/demo-data';
import { ulid } from 'ulid';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { localClientConfig } from '#lib/local/emulators/aws-clients';
import { APP_CLIENTS, appClientSettings } from '#lib/model/user-pool';
import { call, tokenFor, USERS } from '../support/api';
import { clientCredentialsToken, createMachineClient, createUser, enrolTotp, login, totpCode } from '../support/identity';
import { fixtureSensor } from '../support/route-fixtures';

const env = inject('stackEnv');
const cognito = new CognitoIdentityProviderClient(localClientConfig(env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER as string));
afterAll(() => cognito.destroy());

describe('TOTP MFA', () => {
  it('enrols an authenticator, then login asks for a code; wrong and replayed codes are refused', async () => {
    const email = await createUser('technician');
    const first = await login(email);
    expect(first.status).toBe(200);
    const token = first.body.access_token as string;

    const setup = await call('POST', '/v1/me/mfa/setup', { token });
    expect(setup.status).toBe(200);
    const secret = setup.body.secret as string;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.body.otpauthUri).toBe(`otpauth://totp/Hydrant:${encodeURIComponent(email)}?secret=${secret}&issuer=Hydrant`);
    expect(setup.headers.get('cache-control')).toBe('no-store');

    // Until verified, the secret is not in use: login still answers tokens.
    expect((await login(email)).body.access_token).toBeDefined();

    const wrongEnrolment = await call('POST', '/v1/me/mfa/verify', { token, body: { code: totpCode(secret, 5) } });
    expect({ status: wrongEnrolment.status, code: wrongEnrolment.body.code }).toEqual({ status: 400, code: 'INVALID_MFA_CODE' });
    const enrolmentCode = totpCode(secret);
    const verify = await call('POST', '/v1/me/mfa/verify', { token, body: { code: enrolmentCode, deviceName: 'Phone' } });
    expect(verify.status).toBe(200);
    expect(verify.body).toEqual({ enabled: true, type: 'TOTP' });

    const challenged = await login(email);
    expect(challenged.status).toBe(200);
    expect(challenged.body).toEqual({ challenge: 'SOFTWARE_TOKEN_MFA', session: expect.any(String) });
    expect(challenged.body.access_token).toBeUndefined();
    const session = challenged.body.session as string;

    const wrong = await call('POST', '/v1/auth/mfa', { body: { username: email, session, code: totpCode(secret, 5) } });
    expect({ status: wrong.status, code: wrong.body.code }).toEqual({ status: 401, code: 'INVALID_MFA_CODE' });
    // The enrolment's code was used once: it cannot sign in.
    const replayedEnrolment = await call('POST', '/v1/auth/mfa', { body: { username: email, session, code: enrolmentCode } });
    expect({ status: replayedEnrolment.status, code: replayedEnrolment.body.code }).toEqual({ status: 401, code: 'INVALID_MFA_CODE' });

    const code = totpCode(secret, 1);
    const done = await call('POST', '/v1/auth/mfa', { body: { username: email, session, code } });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ access_token: expect.any(String), id_token: expect.any(String), refresh_token: expect.any(String), token_type: 'Bearer' });
    expect((await call('GET', '/v1/notifications', { token: done.body.access_token })).status).toBe(200);

    // The session answered its challenge: it cannot be used again.
    const reusedSession = await call('POST', '/v1/auth/mfa', { body: { username: email, session, code: totpCode(secret, 1) } });
    expect(reusedSession.status).toBe(401);
    // A new login with the code just used: refused (no replay within its window).
    const again = await login(email);
    const replay = await call('POST', '/v1/auth/mfa', { body: { username: email, session: again.body.session, code } });
    expect({ status: replay.status, code: replay.body.code }).toEqual({ status: 401, code: 'INVALID_MFA_CODE' });

    // Turning it off: login answers tokens again.
    expect((await call('DELETE', '/v1/me/mfa', { token: done.body.access_token })).status).toBe(204);
    expect((await login(email)).body.access_token).toBeDefined();
  });

  it("refuses another user's session", async () => {
    const a = await createUser('technician');
    const b = await createUser('technician');
    const secretA = await enrolTotp((await login(a)).body.access_token);
    await enrolTotp((await login(b)).body.access_token);
    const sessionB = (await login(b)).body.session as string;
    const res = await call('POST', '/v1/auth/mfa', { body: { username: a, session: sessionB, code: totpCode(secretA, 1) } });
    expect(res.status).toBe(401);
  });
});

describe('MFA required by role', () => {
  it("refuses a manager who has not enrolled everything but enrolment, until they have", async () => {
    const tenant = `mfa-${ulid()}`;
    const admin = await createUser('admin', tenant);
    const manager = await createUser('manager', tenant);
    const technician = await createUser('technician', tenant);
    const adminToken = (await login(admin)).body.access_token as string;

    expect((await call('GET', '/v1/settings/security', { token: adminToken })).body).toEqual({ mfaRequiredRoles: [] });
    const put = await call('PUT', '/v1/settings/security', { token: adminToken, body: { mfaRequiredRoles: ['manager'] } });
    expect(put.status).toBe(200);
    expect((await call('GET', '/v1/settings/security', { token: adminToken })).body).toMatchObject({ mfaRequiredRoles: ['manager'] });
    const bad = await call('PUT', '/v1/settings/security', { token: adminToken, body: { mfaRequiredRoles: ['manager', 'manager'] } });
    expect(bad.status).toBe(400);

    const tokens = (await login(manager)).body;
    const refused = await call('GET', '/v1/sites', { token: tokens.access_token });
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 403, code: 'MFA_REQUIRED' });
    // A role that need not enrol is not concerned.
    expect((await call('GET', '/v1/sites', { token: (await login(technician)).body.access_token })).status).toBe(200);

    const secret = await enrolTotp(tokens.access_token);
    const disable = await call('DELETE', '/v1/me/mfa', { token: tokens.access_token });
    expect({ status: disable.status, code: disable.body.code }).toEqual({ status: 403, code: 'MFA_REQUIRED' });

    // Enrolled: the next token is a working one (refresh, or a login with a code).
    const refreshed = await call('POST', '/v1/auth/refresh', { body: { refresh_token: tokens.refresh_token } });
    expect(refreshed.status).toBe(200);
    expect((await call('GET', '/v1/sites', { token: refreshed.body.access_token })).status).toBe(200);
    const challenged = await login(manager);
    const done = await call('POST', '/v1/auth/mfa', { body: { username: manager, session: challenged.body.session, code: totpCode(secret, 1) } });
    expect((await call('GET', '/v1/sites', { token: done.body.access_token })).status).toBe(200);
  });
});

describe('machine clients', () => {
  it('gets a client-credentials token that may send telemetry but not read work orders; deleted, it gets none', async () => {
    const admin = await tokenFor(USERS.admin);
    const created = await createMachineClient(['telemetry.write']);
    expect(created).toMatchObject({ id: expect.any(String), clientId: expect.any(String), clientSecret: expect.any(String), scopes: ['telemetry.write'], tokenEndpoint: env.OAUTH_TOKEN_ENDPOINT });

    const listed = await call('GET', '/v1/machine-clients?limit=100', { token: admin });
    expect(listed.status).toBe(200);
    expect(listed.body.data).toContainEqual(expect.objectContaining({ id: created.id, clientId: created.clientId, scopes: ['telemetry.write'] }));
    // The secret appears only in the create answer.
    expect(JSON.stringify(listed.body)).not.toContain(created.clientSecret);
    const audit = await call('GET', `/v1/audit-logs?resourceType=machine-client&resourceId=${created.id}`, { token: admin });
    expect(audit.status).toBe(200);
    expect(audit.body.data.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit.body)).not.toContain(created.clientSecret);

    // Made from the model's declaration: explicit attributes (users write their names only), token lifetimes.
    const described = (await cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: env.USER_POOL_ID, ClientId: created.clientId }))).UserPoolClient!;
    expect(described).toMatchObject(appClientSettings(APP_CLIENTS.machine));

    const tokenRes = await clientCredentialsToken(created);
    expect(tokenRes.status).toBe(200);
    const { access_token: token } = (await tokenRes.json()) as { access_token: string };

    const sensor = await fixtureSensor();
    const ingest = await call('POST', '/v1/telemetry', { token, body: { readings: [{ sensorId: sensor.id, ts: Date.now() - 30_000, value: 7.2 }] } });
    expect(ingest.status).toBe(202);
    const workOrders = await call('GET', '/v1/work-orders', { token });
    expect({ status: workOrders.status, code: workOrders.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
    // A scope it was not granted cannot be asked for.
    expect((await clientCredentialsToken(created, 'hydrant/work-orders.read')).status).toBe(400);

    expect((await call('DELETE', `/v1/machine-clients/${created.id}`, { token: admin })).status).toBe(204);
    const afterDelete = await clientCredentialsToken(created);
    expect(afterDelete.status).toBe(400);
    expect(await afterDelete.json()).toEqual({ error: 'invalid_client' });
    expect((await call('GET', '/v1/machine-clients?limit=100', { token: admin })).body.data.map((c: { id: string }) => c.id)).not.toContain(created.id);
    expect((await call('DELETE', `/v1/machine-clients/${created.id}`, { token: admin })).status).toBe(404);
  });

  it('refuses the tokens of an app client Hydrant has no record of (no tenant)', async () => {
    const out = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: env.USER_POOL_ID,
        ClientName: 'made-outside-hydrant',
        GenerateSecret: true,
        AllowedOAuthFlows: ['client_credentials'],
        AllowedOAuthScopes: ['hydrant/telemetry.write'],
        AllowedOAuthFlowsUserPoolClient: true,
      }),
    );
    const client = { clientId: out.UserPoolClient!.ClientId!, clientSecret: out.UserPoolClient!.ClientSecret! };
    const { access_token: token } = (await (await clientCredentialsToken(client)).json()) as { access_token: string };
    const res = await call('POST', '/v1/telemetry', { token, body: { readings: [] } });
    expect(res.status).toBe(403);
  });

  it('refuses unknown scopes and non-admins', async () => {
    const bad = await call('POST', '/v1/machine-clients', { token: await tokenFor(USERS.admin), body: { name: 'x', scopes: ['everything'] } });
    expect(bad.status).toBe(400);
    const manager = await call('POST', '/v1/machine-clients', { token: await tokenFor(USERS.manager), body: { name: 'x', scopes: ['telemetry.write'] } });
    expect(manager.status).toBe(403);
  });
});

describe('partner apps', () => {
  it('registers a public code + PKCE client with exact redirect URIs', async () => {
    const admin = await tokenFor(USERS.admin);
    const res = await call('POST', '/v1/partner-apps', { token: admin, body: { name: 'Partner field app', scopes: ['work-orders.read'], callbackUrls: ['http://localhost:5173/callback', 'https://app.partner.example/cb'] } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ scopes: ['work-orders.read'], callbackUrls: ['http://localhost:5173/callback', 'https://app.partner.example/cb'], logoutUrls: [] });
    expect(res.body.clientSecret).toBeUndefined();

    const described = (await cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: env.USER_POOL_ID, ClientId: res.body.clientId }))).UserPoolClient!;
    expect(described).toMatchObject({ AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid', 'hydrant/work-orders.read'], AllowedOAuthFlowsUserPoolClient: true, CallbackURLs: ['http://localhost:5173/callback', 'https://app.partner.example/cb'] });
    expect(described.ClientSecret).toBeUndefined();
    // Made from the model's declaration: explicit attributes, token lifetimes, rotating refresh tokens.
    expect(described).toMatchObject(appClientSettings(APP_CLIENTS.partner));
    expect(described.ExplicitAuthFlows ?? []).not.toContain('ALLOW_REFRESH_TOKEN_AUTH');

    expect((await call('GET', '/v1/partner-apps?limit=100', { token: admin })).body.data).toContainEqual(expect.objectContaining({ id: res.body.id }));
    expect((await call('DELETE', `/v1/partner-apps/${res.body.id}`, { token: admin })).status).toBe(204);
    await expect(cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: env.USER_POOL_ID, ClientId: res.body.clientId }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('refuses wildcard, plain-http and fragment redirect URIs', async () => {
    const admin = await tokenFor(USERS.admin);
    for (const url of ['https://*.partner.example/cb', 'http://app.partner.example/cb', 'https://app.partner.example/cb#frag', 'cb']) {
      const res = await call('POST', '/v1/partner-apps', { token: admin, body: { name: 'Bad', scopes: ['work-orders.read'], callbackUrls: [url] } });
      expect({ url, status: res.status, code: res.body.code }).toEqual({ url, status: 400, code: 'VALIDATION_FAILED' });
    }
  });

  it('runs the whole authorization-code flow with PKCE through the hosted login, within the app scopes and the user role', async () => {
    const admin = await tokenFor(USERS.admin);
    const redirectUri = 'http://localhost:5173/callback';
    const app = await call('POST', '/v1/partner-apps', { token: admin, body: { name: 'PKCE app', scopes: ['telemetry.read'], callbackUrls: [redirectUri] } });
    expect(app.status).toBe(201);
    const authorizeUrl = (env.OAUTH_TOKEN_ENDPOINT as string).replace('/oauth2/token', '/oauth2/authorize');
    const verifier = randomBytes(48).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const params = { response_type: 'code', client_id: app.body.clientId, redirect_uri: redirectUri, scope: 'openid hydrant/telemetry.read', state: 'xyz', code_challenge: challenge, code_challenge_method: 'S256' };

    // The hosted login page, then the user's sign-in: a redirect with a code and the state.
    const form = await fetch(`${authorizeUrl}?${new URLSearchParams(params)}`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('<form');
    const unknownRedirect = await fetch(`${authorizeUrl}?${new URLSearchParams({ ...params, redirect_uri: 'https://evil.example/cb' })}`, { redirect: 'manual' });
    expect(unknownRedirect.status).toBe(400);
    const signIn = await fetch(authorizeUrl, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...params, username: USERS.manager, password: DEMO_PASSWORD }),
    });
    expect(signIn.status).toBe(302);
    const location = new URL(signIn.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
    expect(location.searchParams.get('state')).toBe('xyz');
    const code = location.searchParams.get('code')!;

    const exchange = (extra: Record<string, string>) =>
      fetch(env.OAUTH_TOKEN_ENDPOINT as string, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', client_id: app.body.clientId, code, redirect_uri: redirectUri, ...extra }),
      });
    // A wrong verifier burns the code (codes are redeemed once, right or wrong).
    expect((await exchange({ code_verifier: randomBytes(48).toString('base64url') })).status).toBe(400);
    expect((await exchange({ code_verifier: verifier })).status).toBe(400);

    const again = await fetch(authorizeUrl, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...params, username: USERS.manager, password: DEMO_PASSWORD }),
    });
    const code2 = new URL(again.headers.get('location')!).searchParams.get('code')!;
    const tokens = await fetch(env.OAUTH_TOKEN_ENDPOINT as string, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: app.body.clientId, code: code2, redirect_uri: redirectUri, code_verifier: verifier }),
    });
    expect(tokens.status).toBe(200);
    const { access_token: token, id_token: idToken, refresh_token: refreshToken } = (await tokens.json()) as Record<string, string>;
    expect(idToken).toBeDefined();
    expect(refreshToken).toBeDefined();

    // The token acts for the manager, on the routes that accept the app's scope only.
    const sensor = await fixtureSensor();
    expect((await call('GET', `/v1/sensors/${sensor.id}/latest`, { token })).status).toBe(200);
    const workOrders = await call('GET', '/v1/work-orders', { token });
    expect({ status: workOrders.status, code: workOrders.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });

    // Refresh tokens rotate: each refresh answers the next one, and the refreshed token keeps the app's scopes.
    const refresh = (refresh_token: string) =>
      fetch(env.OAUTH_TOKEN_ENDPOINT as string, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', client_id: app.body.clientId, refresh_token }),
      });
    const refreshed = await refresh(refreshToken!);
    expect(refreshed.status).toBe(200);
    const next = (await refreshed.json()) as Record<string, string>;
    expect(next.refresh_token).toEqual(expect.any(String));
    expect(next.refresh_token).not.toBe(refreshToken);
    expect((await call('GET', `/v1/sensors/${sensor.id}/latest`, { token: next.access_token })).status).toBe(200);
    expect((await call('GET', '/v1/work-orders', { token: next.access_token })).status).toBe(403);
    expect((await refresh(next.refresh_token!)).status).toBe(200);
  });
});
