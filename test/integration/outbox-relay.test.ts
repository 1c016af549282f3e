/**
 * The outbox relay through the local stack: a work order committed over the API is taken
 * from DynamoDB Local's stream (real DynamoDB Streams client) by the relay, sent to the
 * `events` queue and the `notifications` queue; the outbox item is marked relayed with a
 * 30-day TTL. The `events` queue is consumed by the webhook fan-out, so the event is seen
 * where it ends: at a subscribed endpoint, with the event's id as `webhook-id`; the
 * notifications worker makes the managers' in-app notification.
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_TENANT_ID } from '#lib/local/bootstrap/demo-data';
import { call, tokenFor, USERS } from '../support/api';
import { startReceiver, type Receiver } from '../support/webhooks';

const ACME = '01JC8Y5T0000000000ACME0001';
const env = inject('stackEnv');
const local = { region: env.AWS_REGION!, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
const ddb = new DynamoDBClient({ ...local, endpoint: env.AWS_ENDPOINT_URL_DYNAMODB });
let manager: string;
let admin: string;
let receiver: Receiver;

beforeAll(async () => {
  [manager, admin] = await Promise.all([tokenFor(USERS.manager), tokenFor(USERS.admin)]);
  receiver = await startReceiver();
});
afterAll(async () => {
  ddb.destroy();
  await receiver.close();
});

async function notificationsAbout(resourceId: string, ready: (found: any[]) => boolean): Promise<any[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const res = await call('GET', '/v1/notifications?limit=100', { token: manager });
    const found = res.body.data.filter((n: any) => n.resource.id === resourceId);
    if (ready(found) || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('outbox relay', () => {
  it('relays a committed work order to events (seen at a webhook endpoint) and notifications, and marks the outbox item relayed for 30 days', async () => {
    const hook = await call('POST', '/v1/webhooks', { token: admin, body: { url: receiver.url('/relay'), eventTypes: ['work_order.created'] } });
    expect(hook.status).toBe(201);
    const created = await call('POST', '/v1/work-orders', { token: manager, body: { title: 'Relay fuite', type: 'corrective', priority: 'high', clientId: ACME } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const [delivered] = await receiver.waitFor('/relay', 1, 15_000, (r) => JSON.parse(r.body).data?.id === id);
    expect(JSON.parse(delivered!.body)).toMatchObject({ type: 'work_order.created', data: { id, title: 'Relay fuite' } });
    const eventId = String(delivered!.headers['webhook-id']);
    expect(eventId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    await call('DELETE', `/v1/webhooks/${hook.body.id}`, { token: admin });

    // The outbox item is kept as the replay archive: relayedAt and a TTL 30 days ahead.
    let item: Record<string, any> | undefined;
    for (let i = 0; i < 50 && !item?.relayedAt; i++) {
      item = (await ddb.send(new GetItemCommand({ TableName: env.TABLE_NAME, Key: { PK: { S: `T#${DEMO_TENANT_ID}#OUTBOX#${eventId}` }, SK: { S: 'OUTBOX' } } }))).Item;
      if (!item?.relayedAt) await new Promise((r) => setTimeout(r, 100));
    }
    expect(item?.relayedAt?.S).toBeDefined();
    const ttl = Number(item?.expiresAt?.N);
    expect(ttl - Date.now() / 1000).toBeGreaterThan(30 * 86_400 - 120);
    expect(ttl - Date.now() / 1000).toBeLessThan(30 * 86_400 + 120);

    // A status change reaches the managers' notifications through the relay and the notifications worker.
    const moved = await call('POST', `/v1/work-orders/${id}/transitions`, { token: manager, body: { to: 'cancelled', comment: 'doublon' } });
    expect(moved.status).toBe(200);
    const found = await notificationsAbout(id, (f) => f.length === 1);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ type: 'work_order.status_changed', title: 'Work order Relay fuite: cancelled' });
  });
});
