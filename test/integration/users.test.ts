/**
 * Users and personal data through the local stack: creation with a temporary password,
 * first login (NEW_PASSWORD_REQUIRED), the password policy, roles, deactivation,
 * forgot/reset with the stand-in's mailbox, password change, consent, export and erasure.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { decodeJwt } from 'jose';
import { describe, expect, inject, it } from 'vitest';
import { DEMO_TENANT_ID } from '#lib/local/bootstrap/demo-data';
import { pseudonymOf } from '#domain/users';
import { call, tokenFor, USERS } from '../support/api';
import { ACME, fixtureSite } from '../support/route-fixtures';
import { activatedUser, createdUser, lastResetCode, mailbox, strongPassword, uniqueEmail } from '../support/users';
import { assignInProcess, workOrderOpenedAgo } from '../support/work-orders';

const login = (username: string, password: string) => call('POST', '/v1/auth/login', { body: { username, password } });

describe('creating users and their first login', () => {
  it('an admin creates a technician who logs in with the temporary password, must choose a new one, then gets tokens', async () => {
    const admin = await tokenFor(USERS.admin);
    const email = uniqueEmail('first');
    const created = await call('POST', '/v1/users', { token: admin, body: { email, givenName: 'Camille', familyName: 'Martin', role: 'technician' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email, role: 'technician', active: true, clientId: null, consent: null });
    expect(created.body.temporaryPassword).toEqual(expect.any(String));
    expect(created.headers.get('location')).toBe(`/v1/users/${created.body.id}`);
    // The stand-in "delivered" the invitation, as Cognito e-mails it.
    expect((await mailbox(email)).map((m) => [m.kind, m.secret])).toEqual([['invitation', created.body.temporaryPassword]]);
    // The technician profile is made and linked.
    const profile = await call('GET', `/v1/technicians/${created.body.technicianId}`, { token: admin });
    expect(profile.body).toMatchObject({ name: 'Camille Martin', userId: created.body.id, email });

    const first = await login(email, created.body.temporaryPassword);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ challenge: 'NEW_PASSWORD_REQUIRED', session: expect.any(String) });

    // Weak passwords are refused before Cognito sees them, with a stable code.
    for (const weak of ['Password123!', 'Azerty-2026!', `${email.split('@')[0]}-X9!`, 'short-1A!']) {
      const refused = await call('POST', '/v1/auth/new-password', { body: { username: email, session: first.body.session, newPassword: weak } });
      expect([weak, refused.status]).toEqual([weak, 400]);
      expect(refused.body.code).toMatch(/PASSWORD_POLICY|VALIDATION_FAILED/);
    }
    const policy = await call('POST', '/v1/auth/new-password', { body: { username: email, session: first.body.session, newPassword: 'Password123!' } });
    expect(policy.body).toMatchObject({ code: 'PASSWORD_POLICY', errors: [{ path: 'body.newPassword' }] });
    // Cognito's own policy (four character classes) comes back as the same problem.
    const cognitoPolicy = await call('POST', '/v1/auth/new-password', { body: { username: email, session: first.body.session, newPassword: 'no-uppercase-here-93' } });
    expect([cognitoPolicy.status, cognitoPolicy.body.code]).toEqual([400, 'PASSWORD_POLICY']);

    const password = strongPassword();
    const done = await call('POST', '/v1/auth/new-password', { body: { username: email, session: first.body.session, newPassword: password } });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ access_token: expect.any(String), refresh_token: expect.any(String), token_type: 'Bearer' });
    expect(decodeJwt(done.body.access_token)['cognito:groups']).toEqual(['technician']);

    const again = await login(email, password);
    expect(again.body.access_token).toEqual(expect.any(String));
    expect((await login(email, created.body.temporaryPassword)).status).toBe(401);
    const me = await call('GET', '/v1/me', { token: again.body.access_token });
    expect(me.body).toMatchObject({ id: created.body.id, role: 'technician', technicianId: created.body.technicianId, consentRequired: true });
  });

  it('a manager creates technicians and client users only, and a client user needs an existing client', async () => {
    const manager = await tokenFor(USERS.manager);
    const asManager = (body: Record<string, unknown>) => call('POST', '/v1/users', { token: manager, body: { email: uniqueEmail('m'), givenName: 'Léa', familyName: 'Petit', ...body } });
    expect((await asManager({ role: 'admin' })).status).toBe(403);
    expect((await asManager({ role: 'manager' })).status).toBe(403);
    const client = await asManager({ role: 'client', clientId: ACME });
    expect([client.status, client.body.clientId, client.body.technicianId]).toEqual([201, ACME, null]);
    expect((await asManager({ role: 'client' })).body).toMatchObject({ status: 400, errors: [{ path: 'body.clientId' }] });
    expect((await asManager({ role: 'technician', clientId: ACME })).status).toBe(400);
    expect((await asManager({ role: 'client', clientId: '01JC8Y5T0000000000NONE0001' })).status).toBe(400);
    // The e-mail is an account: a second one is a conflict.
    const email = uniqueEmail('dup');
    expect((await asManager({ role: 'technician', email })).status).toBe(201);
    expect((await asManager({ role: 'technician', email })).body.code).toBe('USER_EXISTS');

    // A manager reads and lists technicians and client users only.
    const adminUser = await createdUser('manager');
    expect((await call('GET', `/v1/users/${adminUser.id}`, { token: manager })).status).toBe(404);
    expect((await call('GET', `/v1/users/${client.body.id}`, { token: manager })).status).toBe(200);
    const listed = await call('GET', '/v1/users?limit=100&role=manager', { token: manager });
    expect(listed.body.data).toEqual([]);
    const search = await call('GET', `/v1/users?search=${encodeURIComponent(client.body.email)}`, { token: await tokenFor(USERS.admin) });
    expect(search.body.data.map((u: { id: string }) => u.id)).toEqual([client.body.id]);
  });
});

describe('administering users', () => {
  it('a role change moves the user between groups, effective at their next token', async () => {
    const { user, password } = await activatedUser('technician');
    const admin = await tokenFor(USERS.admin);
    const current = await call('GET', `/v1/users/${user.id}`, { token: admin });
    const stale = await call('PATCH', `/v1/users/${user.id}`, { token: admin, body: { role: 'manager' }, headers: { 'if-match': '"999"' } });
    expect(stale.status).toBe(412);
    const moved = await call('PATCH', `/v1/users/${user.id}`, { token: admin, body: { role: 'manager' }, headers: { 'if-match': current.headers.get('etag')! } });
    expect(moved.body).toMatchObject({ role: 'manager', version: current.body.version + 1 });
    // A rename reaches the technician profile's copied name.
    const renamed = await call('PATCH', `/v1/users/${user.id}`, { token: admin, body: { familyName: 'Renommé' } });
    expect(renamed.body.familyName).toBe('Renommé');
    expect((await call('GET', `/v1/technicians/${user.technicianId}`, { token: admin })).body.name).toBe('Camille Renommé');
    const next = await login(user.email, password);
    expect(decodeJwt(next.body.access_token)['cognito:groups']).toEqual(['manager']);
    expect((await call('GET', '/v1/users?limit=1', { token: next.body.access_token })).status).toBe(200);
    // Only an admin changes users.
    expect((await call('PATCH', `/v1/users/${user.id}`, { token: await tokenFor(USERS.manager), body: { role: 'admin' } })).status).toBe(403);
  });

  it('a user made a technician again after an interrupted change takes the profile left behind, not a second one', async () => {
    const admin = await tokenFor(USERS.admin);
    const user = await createdUser('manager');
    expect(user.technicianId).toBeNull();
    // An earlier PATCH made the profile, then failed before writing the user (a concurrent write of the record).
    const left = await call('POST', '/v1/technicians', { token: admin, body: { name: 'Camille Left', userId: user.id, skills: [] } });
    expect(left.status).toBe(201);
    const again = await call('PATCH', `/v1/users/${user.id}`, { token: admin, body: { role: 'technician' } });
    expect([again.status, again.body.technicianId]).toEqual([200, left.body.id]);
    expect((await call('GET', `/v1/technicians/${left.body.id}`, { token: admin })).body).toMatchObject({ userId: user.id, name: 'Camille Left' });
  });

  it('an admin cannot lock themself out nor erase themself: another admin must', async () => {
    const admin = await tokenFor(USERS.admin);
    const me = await call('GET', '/v1/me', { token: admin });
    for (const body of [{ active: false }, { role: 'manager' }]) {
      const refused = await call('PATCH', `/v1/users/${me.body.id}`, { token: admin, body });
      expect([refused.status, refused.body.code]).toEqual([409, 'CANNOT_CHANGE_OWN_ACCESS']);
    }
    const erased = await call('DELETE', `/v1/users/${me.body.id}`, { token: admin });
    expect([erased.status, erased.body.code]).toEqual([409, 'CANNOT_ERASE_SELF']);
    expect((await call('GET', '/v1/me', { token: admin })).body).toMatchObject({ role: 'admin', active: true });
  });

  it("deactivating a user disables the account and their refresh token stops working", async () => {
    const { user, password, tokens } = await activatedUser('technician');
    expect((await call('POST', '/v1/auth/refresh', { body: { refresh_token: tokens.refresh_token } })).status).toBe(200);
    const off = await call('PATCH', `/v1/users/${user.id}`, { token: await tokenFor(USERS.admin), body: { active: false } });
    expect(off.body.active).toBe(false);
    expect((await call('POST', '/v1/auth/refresh', { body: { refresh_token: tokens.refresh_token } })).status).toBe(401);
    expect((await login(user.email, password)).status).toBe(401);
    const listed = await call('GET', '/v1/users?active=false&limit=100', { token: await tokenFor(USERS.admin) });
    expect(listed.body.data.map((u: { id: string }) => u.id)).toContain(user.id);
    await call('PATCH', `/v1/users/${user.id}`, { token: await tokenFor(USERS.admin), body: { active: true } });
    expect((await login(user.email, password)).status).toBe(200);
  });
});

describe('passwords', () => {
  it('forgot/reset with the code the stand-in delivered; the answer never says whether the account exists', async () => {
    const { user, password } = await activatedUser('technician');
    expect((await call('POST', '/v1/auth/forgot-password', { body: { username: uniqueEmail('nobody') } })).status).toBe(202);
    expect((await call('POST', '/v1/auth/forgot-password', { body: { username: user.email } })).status).toBe(202);
    const code = await lastResetCode(user.email);
    expect(code).toMatch(/^\d{6}$/);
    const wrong = code === '000000' ? '111111' : '000000';
    const mismatch = await call('POST', '/v1/auth/reset-password', { body: { username: user.email, code: wrong, newPassword: strongPassword() } });
    expect([mismatch.status, mismatch.body.code]).toEqual([400, 'INVALID_CODE']);
    const weak = await call('POST', '/v1/auth/reset-password', { body: { username: user.email, code, newPassword: 'qwertyuiop12' } });
    expect([weak.status, weak.body.code]).toEqual([400, 'PASSWORD_POLICY']);
    const unknown = await call('POST', '/v1/auth/reset-password', { body: { username: uniqueEmail('nobody'), code, newPassword: strongPassword() } });
    expect([unknown.status, unknown.body.code]).toEqual([400, 'INVALID_CODE']);
    const fresh = strongPassword();
    expect((await call('POST', '/v1/auth/reset-password', { body: { username: user.email, code, newPassword: fresh } })).status).toBe(204);
    expect((await login(user.email, password)).status).toBe(401);
    expect((await login(user.email, fresh)).status).toBe(200);
    // A code works once.
    const reused = await call('POST', '/v1/auth/reset-password', { body: { username: user.email, code, newPassword: strongPassword() } });
    expect([reused.status, reused.body.code]).toEqual([400, 'EXPIRED_CODE']);
  });

  it('a user changes their password with the current one', async () => {
    const { user, password, tokens } = await activatedUser('client');
    const change = (body: Record<string, unknown>) => call('POST', '/v1/me/password', { token: tokens.access_token, body });
    expect((await change({ oldPassword: 'Not-my-password-42', newPassword: strongPassword() })).status).toBe(401);
    expect((await change({ oldPassword: password, newPassword: 'Welcome2026!!' })).body.code).toBe('PASSWORD_POLICY');
    const fresh = strongPassword();
    expect((await change({ oldPassword: password, newPassword: fresh })).status).toBe(204);
    expect((await login(user.email, fresh)).status).toBe(200);
    expect((await login(user.email, password)).status).toBe(401);
  });
});

describe('the caller and their consent', () => {
  it('records consent to the current policy version and reports when it is missing', async () => {
    const { tokens } = await activatedUser('client');
    const before = await call('GET', '/v1/me', { token: tokens.access_token });
    expect(before.body).toMatchObject({ consent: null, consentRequired: true, currentPolicyVersion: '2026-11', role: 'client', clientId: ACME });
    expect((await call('POST', '/v1/me/consent', { token: tokens.access_token, body: { policyVersion: '2019-01' } })).status).toBe(400);
    const recorded = await call('POST', '/v1/me/consent', { token: tokens.access_token, body: { policyVersion: '2026-11' } });
    expect(recorded.body).toMatchObject({ consent: { policyVersion: '2026-11', acceptedAt: expect.any(String) }, consentRequired: false });
    const after = await call('GET', '/v1/me', { token: tokens.access_token });
    expect(after.body.consentRequired).toBe(false);
    // Own names only; the role is not the user's to change.
    expect((await call('PATCH', '/v1/me', { token: tokens.access_token, body: { role: 'admin' } })).status).toBe(400);
    const renamed = await call('PATCH', '/v1/me', { token: tokens.access_token, body: { familyName: 'Nouveau' }, headers: { 'if-match': after.headers.get('etag')! } });
    expect(renamed.body).toMatchObject({ familyName: 'Nouveau', role: 'client' });
  });

  it('accounts made outside Hydrant (the demo users) get their record on first use', async () => {
    const me = await call('GET', '/v1/me', { token: await tokenFor(USERS.otherClient) });
    // (The names are Cognito's: the authorization matrix renames the demo users through PATCH /v1/me.)
    expect(me.body).toMatchObject({ email: USERS.otherClient, role: 'client', clientId: expect.any(String), givenName: expect.any(String) });
    const listed = await call('GET', `/v1/users?search=${encodeURIComponent(USERS.otherClient)}`, { token: await tokenFor(USERS.admin) });
    expect(listed.body.data.map((u: { id: string }) => u.id)).toEqual([me.body.id]);
  });
});

describe('personal data: export and erasure', () => {
  /** A technician with a work order assigned, a history entry they made and a time entry they logged. */
  async function technicianWithWork() {
    const activated = await activatedUser('technician');
    const { user, tokens } = activated;
    const manager = await tokenFor(USERS.manager);
    const wo = await workOrderOpenedAgo((await fixtureSite()).id, 3);
    await assignInProcess(wo.id, user.technicianId!);
    const started = await call('POST', `/v1/work-orders/${wo.id}/transitions`, { token: tokens.access_token, body: { to: 'in_progress' } });
    expect(started.status).toBe(200);
    const start = new Date(Date.now() - 2 * 3_600_000).toISOString();
    const entry = await call('POST', `/v1/work-orders/${wo.id}/time-entries`, { token: tokens.access_token, body: { technicianId: user.technicianId, start, minutes: 45 } });
    expect(entry.status).toBe(201);
    expect(entry.body.technicianName).toContain('Camille');
    return { ...activated, workOrderId: wo.id, manager };
  }

  it('exports everything Hydrant holds about a user, to an admin and to the user', async () => {
    const { user, tokens, workOrderId } = await technicianWithWork();
    await call('POST', '/v1/me/consent', { token: tokens.access_token, body: { policyVersion: '2026-11' } });
    const exported = await call('GET', `/v1/users/${user.id}/export`, { token: await tokenFor(USERS.admin) });
    expect(exported.status).toBe(200);
    expect(exported.body).toMatchObject({
      userId: user.id,
      account: { email: user.email, status: 'CONFIRMED', groups: ['technician'] },
      user: { id: user.id, consent: { policyVersion: '2026-11' } },
      technician: { id: user.technicianId, userId: user.id },
    });
    expect(exported.body.workOrders.map((w: { id: string }) => w.id)).toContain(workOrderId);
    expect(exported.body.workOrderHistory).toEqual(expect.arrayContaining([expect.objectContaining({ workOrderId, by: user.id, to: 'in_progress' })]));
    expect(exported.body.timeEntries).toEqual([expect.objectContaining({ workOrderId, technicianId: user.technicianId, minutes: 45 })]);
    const own = await call('GET', '/v1/me/export', { token: tokens.access_token });
    expect(own.body.workOrders.map((w: { id: string }) => w.id)).toContain(workOrderId);
    expect(own.body.account.attributes.email).toBe(user.email);
    // Another tenant's or a made-up user is 404.
    expect((await call('GET', '/v1/users/7d3f2a10-5b1c-4e8a-9f0d-2c4b6e8a1f3d/export', { token: await tokenFor(USERS.admin) })).status).toBe(404);
  });

  it("erasure deletes the account and leaves the user's name and e-mail nowhere, the pseudonym in their place", async () => {
    const { user, password, workOrderId, manager } = await technicianWithWork();
    const admin = await tokenFor(USERS.admin);
    const name = `Camille ${String(user.familyName)}`;
    const pseudonym = pseudonymOf(DEMO_TENANT_ID, user.id);
    expect((await call('DELETE', `/v1/users/${user.id}`, { token: admin })).status).toBe(204);

    expect((await call('GET', `/v1/users/${user.id}`, { token: admin })).status).toBe(404);
    expect((await call('DELETE', `/v1/users/${user.id}`, { token: admin })).status).toBe(404);
    expect((await login(user.email, password)).status).toBe(401);

    const seenByApi = JSON.stringify([
      (await call('GET', `/v1/work-orders/${workOrderId}`, { token: manager })).body,
      (await call('GET', `/v1/work-orders/${workOrderId}/history`, { token: manager })).body,
      (await call('GET', `/v1/work-orders/${workOrderId}/time-entries`, { token: manager })).body,
      (await call('GET', `/v1/technicians/${user.technicianId}`, { token: manager })).body,
    ]);
    for (const personal of [user.email, name, String(user.familyName), user.id]) expect(seenByApi).not.toContain(personal);
    expect(seenByApi).toContain(pseudonym);

    // And in the table itself: the work order's partition (work order, history, time entries).
    const env = inject('stackEnv');
    const dynamo = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: env.AWS_ENDPOINT_URL_DYNAMODB, region: env.AWS_REGION, credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID!, secretAccessKey: env.AWS_SECRET_ACCESS_KEY! } }));
    const partition = await dynamo.send(new QueryCommand({ TableName: env.TABLE_NAME, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': `T#${DEMO_TENANT_ID}#WO#${workOrderId}` } }));
    const stored = JSON.stringify(partition.Items);
    expect(partition.Items!.length).toBeGreaterThanOrEqual(3);
    for (const personal of [user.email, name, user.id]) expect(stored).not.toContain(personal);
    expect(stored).toContain(pseudonym);
    dynamo.destroy();

    // The audit trail keeps the pseudonym, never the name or e-mail.
    const audit = await call('GET', `/v1/audit-logs?resourceType=user&resourceId=${user.id}`, { token: admin });
    expect(audit.status).toBe(200);
    const records = JSON.stringify(audit.body);
    expect(records).toContain(pseudonym);
    expect(records).not.toContain(user.email);
    expect(records).not.toContain(String(user.familyName));
  });
});

describe('the user directory', () => {
  it('answers NotFound User to an admin change of an account that does not exist', async () => {
    Object.assign(process.env, inject('stackEnv'));
    const directory = await import('#adapters/cognito/user-directory');
    const { NotFound } = await import('#platform/errors');
    const sub = '00000000-0000-4000-8000-000000000000';
    const changes = [
      () => directory.disableAccount(sub),
      () => directory.enableAccount(sub),
      () => directory.moveToRole(sub, 'technician', 'manager'),
      () => directory.updateAccountAttributes(sub, { givenName: 'Nobody', clientId: null }),
    ];
    for (const change of changes) await expect(change()).rejects.toBeInstanceOf(NotFound);
  });
});
