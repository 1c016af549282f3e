/**
 * Live updates and e-mail through the shared local stack, as a client meets them: WebSocket
 * clients of the live API (the local emulator invoking the model's authorizer and routes),
 * readings posted to /v1/telemetry crossing a rule, the alert change and the managers'
 * notification pushed; e-mails read from the SES emulator's mailbox; the unsubscribe link
 * followed without signing in.
 */
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_TENANT_ID } from '#lib/local/bootstrap/demo-data';
import { call, tokenFor, USERS } from '../support/api';
import { uniqueSensorId } from '../support/alerts';
import { connectLive, type LiveClient } from '../support/live';
import { activatedUser } from '../support/users';
import { ACME, fixtureSite } from '../support/route-fixtures';

let manager: string;
let admin: string;
let client: string;
let otherClient: string;
const open: LiveClient[] = [];

beforeAll(async () => {
  Object.assign(process.env, inject('stackEnv'));
  [manager, admin, client, otherClient] = await Promise.all([tokenFor(USERS.manager), tokenFor(USERS.admin), tokenFor(USERS.client), tokenFor(USERS.otherClient)]);
});

afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
});

async function live(token: string): Promise<LiveClient> {
  const c = await connectLive(token);
  open.push(c);
  return c;
}

/** A pH sensor of a new Acme site, and a rule over it whose threshold the readings of `crossRule` cross. */
async function watchedAcmeSensor(): Promise<string> {
  const site = await fixtureSite();
  const { createSensor } = await import('#adapters/dynamodb/sensors-repository');
  const { newSensor } = await import('#domain/sensors');
  const sensorId = uniqueSensorId('LIVE');
  await createSensor(DEMO_TENANT_ID, newSensor({ id: sensorId, kind: 'ph', siteId: site.id, sampleIntervalSeconds: 60, status: 'active' }, ACME, new Date().toISOString()));
  const rule = await call('POST', '/v1/alert-rules', {
    token: manager,
    body: { name: `Live ${sensorId}`, severity: 'major', sensorId, condition: { type: 'threshold', comparison: 'above', value: 8.5, deadband: 0.3 } },
  });
  expect(rule.status, JSON.stringify(rule.body)).toBe(201);
  return sensorId;
}

async function crossRule(sensorId: string): Promise<void> {
  const start = Date.now() - 30_000;
  const readings = [9.0, 9.3].map((value, i) => ({ sensorId, ts: new Date(start + i * 1000).toISOString(), value }));
  const posted = await call('POST', '/v1/telemetry', { token: admin, body: { readings } });
  expect(posted.status, JSON.stringify(posted.body)).toBe(202);
}

const alertOf = (sensorId: string) => (m: { type: string; data: any }) => m.type === 'alert.raised' && m.data.sensorId === sensorId;
const notificationOf = (sensorId: string) => (m: { type: string; data: any }) => m.type === 'notification' && String(m.data.title).includes(sensorId);

describe('connecting', () => {
  it('refuses a connection without a token, with a bad one, an expired one, or an ID token (401)', async () => {
    await expect(connectLive(undefined)).rejects.toMatchObject({ status: 401 });
    await expect(connectLive('not-a-token')).rejects.toMatchObject({ status: 401 });
    await expect(connectLive(inject('expiredToken'))).rejects.toMatchObject({ status: 401 });
    const login = await call('POST', '/v1/auth/login', { body: { username: USERS.manager, password: 'Hydrant-Demo-2026' } });
    expect(login.body.id_token, 'the login answers an ID token').toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    await expect(connectLive(login.body.id_token)).rejects.toMatchObject({ status: 401 });
  });

  it('records an accepted connection for its user until the token expires, answers a ping, and forgets it on close', async () => {
    const { connectionsOfUser } = await import('#adapters/dynamodb/live-connections-repository');
    const subject = decodeJwt(client).sub as string;
    const before = (await connectionsOfUser(DEMO_TENANT_ID, subject)).length;
    const c = await connectLive(client);
    const mine = await connectionsOfUser(DEMO_TENANT_ID, subject);
    expect(mine).toHaveLength(before + 1);
    const record = mine.at(-1)!;
    expect(record).toMatchObject({ role: 'client', clientId: ACME });
    expect(record.expiresAt).toBe(decodeJwt(client).exp);
    c.socket.send(JSON.stringify({ action: 'ping' }));
    expect((await c.next((m) => m.type === 'pong')).data.at).toMatch(/^\d{4}-/);
    c.socket.send('{"action":"subscribe"}');
    expect((await c.next((m) => m.type === 'error')).data.code).toBe('UNKNOWN_ACTION');
    await c.close();
    await expect.poll(async () => (await connectionsOfUser(DEMO_TENANT_ID, subject)).length, { timeout: 10_000 }).toBe(before);
  });
});

describe('alert changes and notifications, pushed as they happen', () => {
  it("a reading crossing a rule on an Acme sensor reaches the manager and Acme's client user, never Blue River's", async () => {
    const [m, acme, blue] = await Promise.all([live(manager), live(client), live(otherClient)]);
    const sensorId = await watchedAcmeSensor();
    await crossRule(sensorId);
    const raised = await m.next(alertOf(sensorId));
    expect(raised.data).toMatchObject({ sensorId, status: 'active', clientId: ACME });
    expect((await acme.next(alertOf(sensorId))).data.id).toBe(raised.data.id);
    // The manager's own notification of the alert (managers are told of every alert).
    const notification = await m.next(notificationOf(sensorId));
    expect(notification.data).toMatchObject({ type: 'alert.raised', resource: { type: 'alert', id: raised.data.id } });
    // Blue River's client user sees neither Acme's alert nor anyone's notification.
    await new Promise((r) => setTimeout(r, 2000));
    expect(blue.messages.filter((x) => JSON.stringify(x.data).includes(sensorId))).toEqual([]);
    expect(acme.messages.filter((x) => x.type === 'notification')).toEqual([]);
  });
  it('forgets a connection API Gateway says is gone (410 at post time), and still delivers to the open ones', async () => {
    const { connectionsOfTenant, saveLiveConnection } = await import('#adapters/dynamodb/live-connections-repository');
    const { liveConnection } = await import('#domain/live');
    const claims = decodeJwt(manager);
    const principal = { kind: 'user' as const, subject: claims.sub as string, tenantId: DEMO_TENANT_ID, role: 'manager' as const, scopes: [] };
    // A record whose socket went away without a $disconnect (a dropped network): the emulator answers 410 for it.
    const staleId = `stale${Date.now()}=`;
    await saveLiveConnection(DEMO_TENANT_ID, liveConnection(principal, staleId, new Date(), claims.exp as number, 7200));
    const m = await live(manager);
    const sensorId = await watchedAcmeSensor();
    await crossRule(sensorId);
    await m.next(alertOf(sensorId));
    await expect.poll(async () => (await connectionsOfTenant(DEMO_TENANT_ID)).some((c) => c.id === staleId), { timeout: 10_000 }).toBe(false);
  });
});

describe('e-mail', () => {
  async function mailbox(to: string, sensorId: string): Promise<any[]> {
    const res = await fetch(`${inject('stackEnv').AWS_ENDPOINT_URL_SESV2}/store`);
    const { emails } = (await res.json()) as { emails: any[] };
    return emails.filter((e) => e.destination.to.some((a: string) => a.includes(to)) && String(e.subject).includes(sensorId));
  }

  it('keeps preferences per user, validated', async () => {
    const { tokens } = await activatedUser('client');
    const fresh = tokens.access_token;
    const defaults = await call('GET', '/v1/me/notification-preferences', { token: fresh });
    expect(defaults.status).toBe(200);
    expect(defaults.body).toMatchObject({ email: 'off', locale: 'en', updatedAt: null });
    const bad = await call('PUT', '/v1/me/notification-preferences', { token: fresh, body: { locale: 'de', email: 'hourly', eventTypes: ['nope'] } });
    expect(bad.status).toBe(400);
    const set = await call('PUT', '/v1/me/notification-preferences', { token: fresh, body: { locale: 'fr', email: 'digest', eventTypes: ['request.created', 'request.created'] } });
    expect(set.body).toMatchObject({ locale: 'fr', email: 'digest', eventTypes: ['request.created'] });
    expect((await call('GET', '/v1/me/notification-preferences', { token: fresh })).body).toEqual(set.body);
    // Another user's are their own.
    expect((await call('GET', '/v1/me/notification-preferences', { token: otherClient })).body.email).not.toBe('digest');
  });

  it("e-mails a notification in the user's language with a working unsubscribe link, after which no more e-mail", async () => {
    // A manager of its own: the demo manager's preferences are other tests' to change.
    const { user, tokens } = await activatedUser('manager');
    const own = tokens.access_token;
    const m = await live(own);
    const set = await call('PUT', '/v1/me/notification-preferences', { token: own, body: { locale: 'fr', email: 'immediate', eventTypes: ['alert.raised'] } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    expect(set.body).toMatchObject({ locale: 'fr', email: 'immediate', eventTypes: ['alert.raised'] });

    const first = await watchedAcmeSensor();
    await crossRule(first);
    await expect.poll(async () => (await mailbox(user.email, first)).length, { timeout: 20_000 }).toBe(1);
    const [mail] = await mailbox(user.email, first);
    expect(mail.subject).toContain('Alerte déclenchée');
    expect(mail.body.html).toContain('<html lang="fr">');
    expect(mail.body.text).toContain('Se désabonner de ces e-mails');
    const link = /https?:\/\/\S+\/v1\/unsubscribe\?token=[\w.-]+/.exec(mail.body.text)?.[0];
    expect(link, mail.body.text).toBeDefined();
    expect(mail.headers).toContainEqual({ name: 'List-Unsubscribe', value: `<${link}>` });

    // No sign-in, no API key: the link's token is the credential; following it twice is the same.
    for (let i = 0; i < 2; i++) {
      const res = await fetch(link!);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ unsubscribed: true, email: 'off' });
    }
    const tampered = link!.replace(/token=(.)/, (_all, c: string) => `token=${c === 'A' ? 'B' : 'A'}`);
    expect((await fetch(tampered)).status).toBe(400);
    expect((await call('GET', '/v1/me/notification-preferences', { token: own })).body.email).toBe('off');

    const second = await watchedAcmeSensor();
    await crossRule(second);
    // The notification still arrives in the app (pushed live), and no e-mail follows it.
    await m.next(notificationOf(second));
    await new Promise((r) => setTimeout(r, 2000));
    expect(await mailbox(user.email, second)).toEqual([]);
  });
});

describe('the daily digest', () => {
  it('gathers what a digest user was notified of into one e-mail in their language, once', async () => {
    const { user, tokens } = await activatedUser('manager');
    const set = await call('PUT', '/v1/me/notification-preferences', { token: tokens.access_token, body: { locale: 'en', email: 'digest', eventTypes: ['alert.raised'] } });
    expect(set.status).toBe(200);
    const m = await live(tokens.access_token);
    const sensors = [await watchedAcmeSensor(), await watchedAcmeSensor()];
    for (const s of sensors) await crossRule(s);
    for (const s of sensors) await m.next(notificationOf(s));
    const { pendingDigestEntries } = await import('#adapters/dynamodb/email-notifications-repository');
    const subject = decodeJwt(tokens.access_token).sub as string;
    await expect.poll(async () => (await pendingDigestEntries()).filter((e) => e.userId === subject).length, { timeout: 10_000 }).toBe(2);

    const digestsTo = async () => {
      const res = await fetch(`${inject('stackEnv').AWS_ENDPOINT_URL_SESV2}/store`);
      return ((await res.json()) as { emails: any[] }).emails.filter((e) => e.destination.to.includes(user.email));
    };
    expect(await digestsTo()).toEqual([]);
    const { handler } = await import('#workers/notification-digest');
    const run = () => handler({ time: new Date().toISOString(), 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} } as never, { awsRequestId: 'digest', functionName: 'notification-digest' } as never);
    await run();
    const [digest, ...more] = await digestsTo();
    expect(more).toEqual([]);
    expect(digest.subject).toBe(`[Hydrant] Your digest of ${new Date().toISOString().slice(0, 10)}: 2 notifications`);
    for (const s of sensors) expect(digest.body.text).toContain(s);
    expect(digest.body.text).toMatch(/Unsubscribe from these e-mails: https?:\/\/\S+\/v1\/unsubscribe\?token=/);
    expect((await pendingDigestEntries()).filter((e) => e.userId === subject)).toEqual([]);
    await run();
    expect(await digestsTo()).toHaveLength(1);
  });
});
