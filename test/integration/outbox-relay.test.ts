/**
 * The outbox relay through the local stack: a work order committed over the API is taken
 * from DynamoDB Local's stream (real DynamoDB Streams client) by the relay, sent to the
 * `events` queue and the `notifications` queue, where the notifications worker makes the
 * managers' in-app notification; the outbox item is marked relayed with a 30-day TTL.
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { DEMO_TENANT_ID } from '#lib/local/bootstrap/demo-data';
import { call, tokenFor, USERS } from '../support/api';

const ACME = '01JC8Y5T0000000000ACME0001';
const env = inject('stackEnv');
const local = { region: env.AWS_REGION!, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };
const sqs = new SQSClient({ ...local, endpoint: env.AWS_ENDPOINT_URL_SQS });
const ddb = new DynamoDBClient({ ...local, endpoint: env.AWS_ENDPOINT_URL_DYNAMODB });
let manager: string;

beforeAll(async () => {
  manager = await tokenFor(USERS.manager);
});
afterAll(() => {
  sqs.destroy();
  ddb.destroy();
});

/** Waits for the `events` message that `match` accepts (nothing else consumes `events` in these tests... but be tolerant: look only at our ids). */
async function eventOnQueue(match: (body: any) => boolean, timeoutMs = 15_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: env.QUEUE_URL_EVENTS, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, VisibilityTimeout: 0, MessageAttributeNames: ['All'] }));
    for (const m of out.Messages ?? []) {
      const body = JSON.parse(m.Body ?? '{}');
      if (match(body)) return { body, attributes: m.MessageAttributes };
    }
  }
  throw new Error('No matching message on events');
}

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
  it('relays a committed work order to events and notifications, and marks the outbox item relayed for 30 days', async () => {
    const created = await call('POST', '/v1/work-orders', { token: manager, body: { title: 'Relay fuite', type: 'corrective', priority: 'high', clientId: ACME } });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const message = await eventOnQueue((b) => b.type === 'work_order.created' && b.data?.id === id);
    expect(message.body).toMatchObject({ type: 'work_order.created', tenant: DEMO_TENANT_ID, data: { id, title: 'Relay fuite' } });
    expect(message.body.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(message.attributes.eventId.StringValue).toBe(message.body.id);

    // The outbox item is kept as the replay archive: relayedAt and a TTL 30 days ahead.
    let item: Record<string, any> | undefined;
    for (let i = 0; i < 50 && !item?.relayedAt; i++) {
      item = (await ddb.send(new GetItemCommand({ TableName: env.TABLE_NAME, Key: { PK: { S: `T#${DEMO_TENANT_ID}#OUTBOX#${message.body.id}` }, SK: { S: 'OUTBOX' } } }))).Item;
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
