/**
 * Notifications through the local stack: domain events sent straight to the
 * `notifications` queue are consumed by the worker (local SQS event source), turned into
 * per-user notifications, grouped, and read over the API.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ulid } from 'ulid';
import type { SQSEvent } from 'aws-lambda';
import { call, tokenFor, USERS } from '../support/api';
import { envelope, sendToNotificationsQueue, subOf } from '../support/notifications';

let manager: string;
let technician: string;
let admin: string;
let techSub: string;

beforeAll(async () => {
  [manager, technician, admin] = await Promise.all([tokenFor(USERS.manager), tokenFor(USERS.technician), tokenFor(USERS.admin)]);
  techSub = await subOf(USERS.technician);
});

/** The caller's notifications about one resource, once `ready` holds (the worker runs asynchronously). */
async function notificationsAbout(token: string, resourceId: string, ready: (found: any[]) => boolean, unread = false): Promise<any[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const res = await call('GET', `/v1/notifications?limit=100${unread ? '&unread=true' : ''}`, { token });
    expect(res.status).toBe(200);
    const found = res.body.data.filter((n: any) => n.resource.id === resourceId);
    if (ready(found) || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('events on the notifications queue', () => {
  it('groups repeated alerts of one rule on one sensor into one notification per manager, and counts a redelivered event once', async () => {
    const ruleId = ulid();
    const first = envelope('alert.raised', { id: ulid(), ruleId, ruleName: 'pH high', sensorId: 'PH_NOTIF', severity: 'major', message: 'first' });
    const second = envelope('alert.raised', { id: ulid(), ruleId, ruleName: 'pH high', sensorId: 'PH_NOTIF', severity: 'major', message: 'second' }, {
      occurredAt: new Date(Date.now() + 1000).toISOString(),
    });
    await sendToNotificationsQueue(JSON.stringify(first));
    const one = await notificationsAbout(manager, first.data.id as string, (f) => f.length === 1);
    expect(one).toHaveLength(1);
    await sendToNotificationsQueue(JSON.stringify(second), JSON.stringify(second), JSON.stringify(first));
    // The second alert has its own id; the group is found by the latest resource.
    const grouped = await notificationsAbout(manager, second.data.id as string, (f) => f[0]?.count === 2);
    expect(grouped).toHaveLength(1);
    expect(grouped[0]).toMatchObject({ type: 'alert.raised', count: 2, body: 'second', readAt: null, id: one[0].id, lastAt: second.occurredAt });
    // Redeliveries are no new events: still 2 after the worker had time for them.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await notificationsAbout(manager, second.data.id as string, () => true))[0].count).toBe(2);
    // Alerts go to managers, not to technicians.
    expect(await notificationsAbout(technician, second.data.id as string, () => true)).toEqual([]);
  });

  it('work_order.assigned goes to the technician\'s user only; status_changed to the managers and the assignee', async () => {
    const workOrderId = ulid();
    await sendToNotificationsQueue(JSON.stringify(envelope('work_order.assigned', { workOrderId, title: 'Fuite rue Garibaldi', technicianUserId: techSub })));
    const forTech = await notificationsAbout(technician, workOrderId, (f) => f.length === 1);
    expect(forTech[0]).toMatchObject({ type: 'work_order.assigned', title: 'Work order assigned to you: Fuite rue Garibaldi', count: 1 });
    await sendToNotificationsQueue(JSON.stringify(envelope('work_order.status_changed', { workOrderId, title: 'Fuite rue Garibaldi', from: 'scheduled', to: 'in_progress', technicianUserId: techSub })));
    const forManager = await notificationsAbout(manager, workOrderId, (f) => f.length === 1);
    expect(forManager[0]).toMatchObject({ type: 'work_order.status_changed', body: 'Status changed from scheduled to in_progress' });
    expect(await notificationsAbout(technician, workOrderId, (f) => f.length === 2)).toHaveLength(2);
    expect(await notificationsAbout(admin, workOrderId, () => true)).toEqual([]);
  });

  it('never notifies users of another tenant', async () => {
    const workOrderId = ulid();
    await sendToNotificationsQueue(JSON.stringify(envelope('work_order.escalated', { workOrderId }, { tenant: 'another-tenant' })));
    const marker = ulid();
    await sendToNotificationsQueue(JSON.stringify(envelope('work_order.escalated', { workOrderId: marker })));
    await notificationsAbout(manager, marker, (f) => f.length === 1);
    expect(await notificationsAbout(manager, workOrderId, () => true)).toEqual([]);
  });
});

describe('reading', () => {
  it('marks one read (unread list no longer has it; again is a no-op), and another user cannot read it', async () => {
    const workOrderId = ulid();
    await sendToNotificationsQueue(JSON.stringify(envelope('work_order.escalated', { workOrderId, title: 'Casse DN200' })));
    const [n] = await notificationsAbout(manager, workOrderId, (f) => f.length === 1, true);
    expect((await call('POST', `/v1/notifications/${n.id}/read`, { token: technician })).status).toBe(404);
    const read = await call('POST', `/v1/notifications/${n.id}/read`, { token: manager });
    expect(read.status).toBe(200);
    expect(read.body.readAt).toEqual(expect.any(String));
    const again = await call('POST', `/v1/notifications/${n.id}/read`, { token: manager });
    expect(again.body.readAt).toBe(read.body.readAt);
    expect(await notificationsAbout(manager, workOrderId, () => true, true)).toEqual([]);
    expect(await notificationsAbout(manager, workOrderId, () => true)).toHaveLength(1);
    // A new escalation of a read group is news again: unread, counting from one.
    await sendToNotificationsQueue(JSON.stringify(envelope('work_order.escalated', { workOrderId, title: 'Casse DN200' })));
    const [fresh] = await notificationsAbout(manager, workOrderId, (f) => f.length === 1, true);
    expect(fresh).toMatchObject({ id: n.id, count: 1, readAt: null });
  });

  it('read-all empties the caller\'s unread list and says how many it marked', async () => {
    const ids = [ulid(), ulid()];
    for (const workOrderId of ids) await sendToNotificationsQueue(JSON.stringify(envelope('work_order.escalated', { workOrderId })));
    for (const id of ids) await notificationsAbout(manager, id, (f) => f.length === 1, true);
    const res = await call('POST', '/v1/notifications/read-all', { token: manager });
    expect(res.status).toBe(200);
    expect(res.body.updated).toBeGreaterThanOrEqual(2);
    const unread = await call('GET', '/v1/notifications?unread=true&limit=100', { token: manager });
    expect(unread.body.data.filter((n: any) => ids.includes(n.resource.id))).toEqual([]);
  });
});

describe('the worker', () => {
  it('reports a record that is not an event envelope as a failure without failing the others', async () => {
    Object.assign(process.env, inject('stackEnv'));
    const { handler: handleNotificationEvents } = await import('#workers/notifications');
    const good = envelope('work_order.escalated', { workOrderId: ulid() });
    const record = (messageId: string, body: string) => ({ messageId, body, attributes: { ApproximateReceiveCount: '1' } }) as never;
    const event: SQSEvent = { Records: [record('bad-json', '{"a":'), record('bad-shape', JSON.stringify({ id: 'x' })), record('good', JSON.stringify(good))] };
    const out = await handleNotificationEvents(event, {} as never);
    expect(out.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['bad-json', 'bad-shape']);
    expect(await notificationsAbout(manager, good.data.workOrderId as string, (f) => f.length === 1)).toHaveLength(1);
  });
});

describe('recipients', () => {
  it('are the active users of the role in the users table: a record without a Cognito account counts, an inactive user or another role does not', async () => {
    Object.assign(process.env, inject('stackEnv'));
    const { createUserRecord } = await import('#adapters/dynamodb/users-repository');
    const { recipientsFor } = await import('#adapters/dynamodb/recipients');
    const { newUser } = await import('#domain/users');
    const tenant = `recipients-${ulid()}`;
    const now = new Date().toISOString();
    const user = (role: 'manager' | 'technician', active = true) =>
      newUser(`sub-${ulid()}`, { email: `${role}-${ulid().toLowerCase()}@example.com`, givenName: 'Test', familyName: role, role, active }, null, now);
    const [active, inactive, technicianUser] = [user('manager'), user('manager', false), user('technician')];
    for (const u of [active, inactive, technicianUser]) await createUserRecord(tenant, u);
    expect(await recipientsFor(tenant, 'manager')).toEqual([{ userId: active.id, email: active.email }]);
    expect((await recipientsFor(tenant, 'technician')).map((r) => r.userId)).toEqual([technicianUser.id]);
    // The demo users have their records from the seed.
    expect((await recipientsFor('hydrant-demo', 'manager')).map((r) => r.userId)).toContain(await subOf(USERS.manager));
  });
});
