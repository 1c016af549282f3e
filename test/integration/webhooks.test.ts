/**
 * Webhooks through the local stack: a change committed over the API goes through the
 * outbox, the relay, the `events` queue, the fan-out and the `webhook-deliveries` queue to
 * a local receiver. Signatures are checked with the official `standardwebhooks` package.
 * The crash test runs the delivery worker in a child process and kills it mid-request.
 */
import { spawn } from 'node:child_process';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { ulid } from 'ulid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_TENANT_ID } from '#lib/local/bootstrap/demo-data';
import { call, tokenFor, USERS } from '../support/api';
import { ACME } from '../support/route-fixtures';
import { startReceiver, type Receiver, type Received } from '../support/webhooks';

const env = inject('stackEnv');
let admin: string;
let manager: string;
let receiver: Receiver;

beforeAll(async () => {
  Object.assign(process.env, env);
  [admin, manager] = await Promise.all([tokenFor(USERS.admin), tokenFor(USERS.manager)]);
  receiver = await startReceiver();
});
afterAll(async () => receiver.close());

const headersOf = (r: Received) => ({
  'webhook-id': String(r.headers['webhook-id']),
  'webhook-timestamp': String(r.headers['webhook-timestamp']),
  'webhook-signature': String(r.headers['webhook-signature']),
});

async function subscribe(hookPath: string, body: Record<string, unknown> = {}): Promise<{ id: string; secret: string }> {
  const res = await call('POST', '/v1/webhooks', { token: admin, body: { url: receiver.url(hookPath), eventTypes: ['work_order.created'], ...body } });
  expect(res.status).toBe(201);
  return res.body;
}

const createWorkOrder = async (title: string, priority = 'high') => {
  const res = await call('POST', '/v1/work-orders', { token: manager, body: { title, type: 'corrective', priority, clientId: ACME } });
  expect(res.status).toBe(201);
  return res.body as { id: string };
};

async function deliveriesOf(webhookId: string, ready: (d: any[]) => boolean, timeoutMs = 15_000): Promise<any[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await call('GET', `/v1/webhooks/${webhookId}/deliveries?limit=100`, { token: admin });
    expect(res.status).toBe(200);
    if (ready(res.body.data) || Date.now() > deadline) return res.body.data;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const about = (id: string) => (r: Received) => JSON.parse(r.body).data?.id === id;

describe('webhooks', () => {
  it('delivers a committed work order signed (standardwebhooks verifies it), applies the filter, logs the attempt and never shows the secret again', async () => {
    const all = await subscribe('/all');
    const critical = await subscribe('/critical', { filter: [{ path: 'data.priority', op: 'eq', value: 'critical' }] });
    expect(all.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const normal = await createWorkOrder('Webhook fuite', 'normal');
    const urgent = await createWorkOrder('Webhook casse', 'critical');
    const [received] = await receiver.waitFor('/all', 1, 20_000, about(normal.id));
    const payload = new Webhook(all.secret).verify(received!.body, headersOf(received!)) as any;
    expect(payload).toMatchObject({ type: 'work_order.created', data: { id: normal.id, title: 'Webhook fuite' } });
    expect(Object.keys(payload).sort()).toEqual(['data', 'timestamp', 'type']);
    expect(() => new Webhook(critical.secret).verify(received!.body, headersOf(received!))).toThrow();

    await receiver.waitFor('/critical', 1, 20_000, about(urgent.id));
    await receiver.waitFor('/all', 1, 20_000, about(urgent.id));
    expect(receiver.received.filter((r) => r.path === '/critical' && about(normal.id)(r))).toHaveLength(0);

    const log = await deliveriesOf(all.id, (d) => d.some((x: any) => x.id === received!.headers['webhook-id'] && x.status === 'succeeded'));
    const entry = log.find((x: any) => x.id === received!.headers['webhook-id']);
    expect(entry).toMatchObject({ webhookId: all.id, eventType: 'work_order.created', status: 'succeeded', nextAttemptAt: null });
    expect(entry.attempts).toEqual([expect.objectContaining({ attempt: 1, trigger: 'scheduled', statusCode: 200, error: null, responseStart: 'ok' })]);

    const read = await call('GET', `/v1/webhooks/${all.id}`, { token: admin });
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.body)).not.toContain(all.secret.slice(6));
    expect(read.body).not.toHaveProperty('secret');
    const listed = await call('GET', '/v1/webhooks?limit=100', { token: admin });
    expect(JSON.stringify(listed.body)).not.toContain('whsec_');
  });

  it('retries a failing endpoint after 5 s with the same webhook-id and a fresh timestamp, and logs both attempts', async () => {
    const hook = await subscribe('/flaky');
    receiver.script('/flaky', [{ status: 503, body: 'down for maintenance' }, { status: 200, body: 'back' }]);
    const wo = await createWorkOrder('Webhook retry');
    const [first, second] = await receiver.waitFor('/flaky', 2, 25_000, about(wo.id));
    expect(second!.headers['webhook-id']).toBe(first!.headers['webhook-id']);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(4_500);
    expect(Number(second!.headers['webhook-timestamp'])).toBeGreaterThan(Number(first!.headers['webhook-timestamp']));
    new Webhook(hook.secret).verify(second!.body, headersOf(second!));

    const [entry] = await deliveriesOf(hook.id, (d) => d[0]?.status === 'succeeded');
    expect(entry.attempts.map((a: any) => [a.attempt, a.statusCode, a.responseStart])).toEqual([
      [1, 503, 'down for maintenance'],
      [2, 200, 'back'],
    ]);
  });

  it('honours Retry-After on 429, and on 410 fails the delivery, disables the endpoint and tells the managers', async () => {
    const busy = await subscribe('/busy');
    receiver.script('/busy', [{ status: 429, headers: { 'retry-after': '120' }, body: 'slow down' }]);
    const gone = await subscribe('/gone');
    receiver.script('/gone', [{ status: 410, body: 'gone' }]);
    const wo = await createWorkOrder('Webhook 429 410');

    const [busyEntry] = await deliveriesOf(busy.id, (d) => d[0]?.attempts.length === 1);
    const wait = Date.parse(busyEntry.nextAttemptAt) - Date.parse(busyEntry.attempts[0].at);
    expect(wait).toBeGreaterThanOrEqual(119_000);
    expect(wait).toBeLessThan(125_000);
    expect(busyEntry).toMatchObject({ status: 'pending', lastError: 'HTTP 429' });
    await call('DELETE', `/v1/webhooks/${busy.id}`, { token: admin });

    const [goneEntry] = await deliveriesOf(gone.id, (d) => d[0]?.status === 'failed');
    expect(goneEntry.attempts).toHaveLength(1);
    expect(goneEntry.lastError).toContain('disabled');
    const disabled = await call('GET', `/v1/webhooks/${gone.id}`, { token: admin });
    expect(disabled.body).toMatchObject({ enabled: false, disabledReason: 'The endpoint answered 410 Gone' });
    expect(receiver.received.filter((r) => r.path === '/gone' && about(wo.id)(r))).toHaveLength(1);

    const deadline = Date.now() + 10_000;
    let notice: any;
    while (!notice && Date.now() < deadline) {
      const res = await call('GET', '/v1/notifications?limit=100', { token: manager });
      notice = res.body.data.find((n: any) => n.resource.type === 'webhook' && n.resource.id === gone.id);
      if (!notice) await new Promise((r) => setTimeout(r, 200));
    }
    expect(notice).toMatchObject({ type: 'webhook.delivery_failed' });
    expect(notice.body).toContain('The endpoint was disabled');

    // A disabled endpoint cannot be tested or replayed until it is enabled again.
    const test = await call('POST', `/v1/webhooks/${gone.id}/test`, { token: admin });
    expect([test.status, test.body.code]).toEqual([409, 'WEBHOOK_DISABLED']);
  });

  it('signs with the old and the new secret for 24 hours after a rotation; webhook.test goes to the tested endpoint only', async () => {
    const hook = await subscribe('/rotating', { eventTypes: ['*'] });
    const bystander = await subscribe('/bystander', { eventTypes: ['*'] });
    const rotated = await call('POST', `/v1/webhooks/${hook.id}/rotate-secret`, { token: admin });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(hook.secret);
    const overlap = Date.parse(rotated.body.previousSecretValidUntil) - Date.now();
    expect(overlap).toBeGreaterThan(24 * 3_600_000 - 60_000);
    expect(overlap).toBeLessThanOrEqual(24 * 3_600_000);

    const sent = await call('POST', `/v1/webhooks/${hook.id}/test`, { token: admin });
    expect(sent.status).toBe(202);
    const [received] = await receiver.waitFor('/rotating', 1, 20_000, (r) => r.headers['webhook-id'] === sent.body.eventId);
    expect(String(received!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [hook.secret, rotated.body.secret]) {
      expect(new Webhook(secret).verify(received!.body, headersOf(received!))).toMatchObject({ type: 'webhook.test', data: { webhookId: hook.id } });
    }
    await new Promise((r) => setTimeout(r, 1_000));
    expect(receiver.received.filter((r) => r.path === '/bystander' && r.headers['webhook-id'] === sent.body.eventId)).toHaveLength(0);
    await call('DELETE', `/v1/webhooks/${bystander.id}`, { token: admin });
  });

  it('lets a slow endpoint hold back only itself: at most 5 attempts to it in flight, another endpoint served meanwhile', async () => {
    const slow = await subscribe('/slow');
    receiver.script('/slow', ['hang']);
    const fast = await subscribe('/fast');
    const ids = new Set((await Promise.all(Array.from({ length: 8 }, (_, i) => createWorkOrder(`Webhook lent ${i}`)))).map((wo) => wo.id));
    const createdAt = Date.now();
    const ours = (r: Received) => ids.has(JSON.parse(r.body).data?.id);

    const served = await receiver.waitFor('/fast', 8, 12_000, ours);
    // Well before the slow endpoint's 15 s timeout frees a slot.
    expect(Math.max(...served.map((r) => r.at)) - createdAt).toBeLessThan(12_000);
    expect(receiver.received.filter((r) => r.path === '/slow' && ours(r)).length).toBe(5);
    await Promise.all([slow, fast].map((w) => call('DELETE', `/v1/webhooks/${w.id}`, { token: admin })));
  });

  it('sends Slack incoming-webhook messages in the slack format', async () => {
    const hook = await subscribe('/slack', { format: 'slack' });
    const wo = await createWorkOrder('Webhook Slack');
    const [received] = await receiver.waitFor('/slack', 1, 20_000, (r) => r.body.includes(wo.id) || r.body.includes('Webhook Slack'));
    expect(JSON.parse(received!.body)).toEqual({ text: expect.stringMatching(/^\*work_order\.created\* at .+: Webhook Slack$/) });
    await call('DELETE', `/v1/webhooks/${hook.id}`, { token: admin });
  });

  it('replays what the endpoint missed while it was disabled, once, and retries a failed delivery on demand', async () => {
    const hook = await subscribe('/replay');
    const since = new Date().toISOString();
    const off = await call('PATCH', `/v1/webhooks/${hook.id}`, { token: admin, body: { enabled: false } });
    expect(off.status).toBe(200);
    const missed = await createWorkOrder('Webhook replay');
    await new Promise((r) => setTimeout(r, 1_500));
    expect(receiver.received.filter((r) => r.path === '/replay' && about(missed.id)(r))).toHaveLength(0);

    const on = await call('PATCH', `/v1/webhooks/${hook.id}`, { token: admin, body: { enabled: true } });
    expect(on.status).toBe(200);
    const replay = await call('POST', `/v1/webhooks/${hook.id}/replay`, { token: admin, body: { since } });
    expect(replay.status).toBe(202);
    expect(replay.body.queued).toBeGreaterThanOrEqual(1);
    const [received] = await receiver.waitFor('/replay', 1, 20_000, about(missed.id));
    new Webhook(hook.secret).verify(received!.body, headersOf(received!));

    // A second replay finds it delivered: nothing new for it.
    await deliveriesOf(hook.id, (d) => d.some((x: any) => x.id === received!.headers['webhook-id'] && x.status === 'succeeded'));
    const again = await call('POST', `/v1/webhooks/${hook.id}/replay`, { token: admin, body: { since } });
    expect(again.status).toBe(202);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(receiver.received.filter((r) => r.path === '/replay' && about(missed.id)(r))).toHaveLength(1);

    // A manual retry of the succeeded delivery sends it once more, with the same webhook-id.
    const retry = await call('POST', `/v1/webhooks/${hook.id}/deliveries/${received!.headers['webhook-id']}/retry`, { token: admin });
    expect(retry.status).toBe(202);
    const both = await receiver.waitFor('/replay', 2, 20_000, about(missed.id));
    expect(both[1]!.headers['webhook-id']).toBe(received!.headers['webhook-id']);
    const [entry] = await deliveriesOf(hook.id, (d) => d.find((x: any) => x.id === received!.headers['webhook-id'])?.attempts.length === 2);
    expect(entry.attempts.map((a: any) => a.trigger)).toEqual(['scheduled', 'manual']);
  });

  it('refuses endpoint URLs that are not https or local, and filters that cannot hold', async () => {
    for (const url of ['http://partner.example/hook', 'http://169.254.169.254/latest/meta-data', 'https://10.0.0.8/hook', 'ftp://localhost/x']) {
      const res = await call('POST', '/v1/webhooks', { token: admin, body: { url, eventTypes: ['*'] } });
      expect([url, res.status, res.body.code]).toEqual([url, 400, 'VALIDATION_FAILED']);
    }
    const badFilter = await call('POST', '/v1/webhooks', { token: admin, body: { url: receiver.url('/x'), eventTypes: ['alert.raised'], filter: [{ path: 'data.severity', op: 'in', value: 'major' }] } });
    expect([badFilter.status, badFilter.body.errors?.[0]?.path]).toEqual([400, 'body.filter.0.value']);
    const star = await call('POST', '/v1/webhooks', { token: admin, body: { url: receiver.url('/x'), eventTypes: ['*', 'alert.raised'] } });
    expect(star.status).toBe(400);
  });

  it('refuses IPv6 and numeric forms of internal addresses on create, on PATCH and on /test, and never connects to them', async () => {
    // A listener on 127.0.0.2 (loopback, but not the local stack's 127.0.0.1 exception) counts connections.
    const connections: string[] = [];
    const trap = net.createServer((socket) => {
      connections.push(String(socket.remoteAddress));
      socket.destroy();
    });
    await new Promise<void>((r) => trap.listen(0, '127.0.0.2', r));
    const port = (trap.address() as AddressInfo).port;
    const forbidden = [
      `https://[::ffff:127.0.0.2]:${port}/`,
      `https://[::ffff:7f00:2]:${port}/`,
      'https://[::ffff:a9fe:a9fe]/latest/meta-data',
      'https://[::ffff:10.0.0.8]/',
      'https://[64:ff9b::a9fe:a9fe]/',
      'https://[2002:a9fe:a9fe::1]/',
      'https://[::169.254.169.254]/',
      'https://[2001:0:7f00:2::]/',
      'https://0xa9fea9fe/',
      `https://0x7f.0.0.2:${port}/`,
    ];
    try {
      for (const url of forbidden) {
        const res = await call('POST', '/v1/webhooks', { token: admin, body: { url, eventTypes: ['*'] } });
        expect([url, res.status, res.body.code, res.body.errors?.[0]?.path]).toEqual([url, 400, 'VALIDATION_FAILED', 'body.url']);
      }
      const hook = await subscribe('/ssrf');
      for (const url of forbidden) {
        const current = await call('GET', `/v1/webhooks/${hook.id}`, { token: admin });
        const res = await call('PATCH', `/v1/webhooks/${hook.id}`, { token: admin, body: { url }, headers: { 'If-Match': current.headers.get('etag')! } });
        expect([url, res.status, res.body.code]).toEqual([url, 400, 'VALIDATION_FAILED']);
      }
      // A subscription stored before these rules: /test refuses it and the worker never connects.
      const { getWebhook, saveWebhook } = await import('#adapters/dynamodb/webhooks-repository');
      const stored = (await getWebhook(DEMO_TENANT_ID, hook.id))!;
      await saveWebhook(DEMO_TENANT_ID, { ...stored, subscription: { ...stored.subscription, url: forbidden[0]!, version: stored.subscription.version + 1 } }, stored.subscription.version);
      const test = await call('POST', `/v1/webhooks/${hook.id}/test`, { token: admin });
      expect([test.status, test.body.code]).toEqual([409, 'WEBHOOK_URL_REFUSED']);
      const { putDeliveryIfAbsent, getDelivery } = await import('#adapters/dynamodb/webhooks-repository');
      const { newDelivery } = await import('#domain/webhook-subscriptions');
      const { deliverWebhookAttempt: processDeliveryJob } = await import('#application/webhooks/deliver-webhook-attempt');
      const now = new Date().toISOString();
      const event = { id: ulid(), type: 'work_order.created', occurredAt: now, tenant: DEMO_TENANT_ID, data: { id: 'ssrf' } };
      await putDeliveryIfAbsent(DEMO_TENANT_ID, newDelivery(hook.id, event, now));
      expect(await processDeliveryJob({ tenant: DEMO_TENANT_ID, webhookId: hook.id, deliveryId: event.id, attempt: 1, dueAt: now, trigger: 'scheduled' })).toBe('retrying');
      expect((await getDelivery(DEMO_TENANT_ID, hook.id, event.id))?.attempts[0]?.error).toMatch(/refused URL: the address is not public \(loopback/);
      expect(connections).toEqual([]);
    } finally {
      await new Promise<void>((r) => trap.close(() => r()));
    }
  });

  it('loses no delivery when the worker is killed mid-request: the next run sends it again with the same webhook-id, then never again', async () => {
    const hook = await subscribe('/crash', { eventTypes: ['forecast.completed'] });
    const { putDeliveryIfAbsent, getDelivery } = await import('#adapters/dynamodb/webhooks-repository');
    const { newDelivery } = await import('#domain/webhook-subscriptions');
    const now = new Date().toISOString();
    const event = { id: ulid(), type: 'forecast.completed', occurredAt: now, tenant: DEMO_TENANT_ID, data: { id: 'crash-test' } };
    await putDeliveryIfAbsent(DEMO_TENANT_ID, newDelivery(hook.id, event, now));
    const job = { tenant: DEMO_TENANT_ID, webhookId: hook.id, deliveryId: event.id, attempt: 1, dueAt: now, trigger: 'scheduled' as const };

    receiver.script('/crash', ['hang', { status: 200, body: 'ok' }]);
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('test/support/webhook-worker-child.ts'), JSON.stringify(job)], {
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await receiver.waitFor('/crash', 1, 20_000);
    child.kill('SIGKILL');
    await exited;
    expect((await getDelivery(DEMO_TENANT_ID, hook.id, event.id))?.attempts).toEqual([]);

    // SQS hands the message to another run after the visibility timeout.
    const { deliverWebhookAttempt: processDeliveryJob } = await import('#application/webhooks/deliver-webhook-attempt');
    expect(await processDeliveryJob(job)).toBe('succeeded');
    expect(await processDeliveryJob(job)).toBe('redelivered');
    const sent = receiver.received.filter((r) => r.path === '/crash');
    expect(sent).toHaveLength(2);
    expect(sent.map((r) => r.headers['webhook-id'])).toEqual([event.id, event.id]);
    const stored = await getDelivery(DEMO_TENANT_ID, hook.id, event.id);
    expect(stored).toMatchObject({ status: 'succeeded' });
    expect(stored?.attempts).toHaveLength(1);
  });
});
