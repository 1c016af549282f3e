/**
 * Webhook test helpers: a local receiver whose answers a test scripts per path, and
 * fixtures (a subscription, a failed delivery) for the route matrix.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ulid } from 'ulid';
import { inject } from 'vitest';
import { DEMO_TENANT_ID } from '#lib/local/bootstrap/demo-data';
import { call, tokenFor, USERS } from './api';

export interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly at: number;
}

/** What the receiver answers on a path: a status with headers and body, or `hang` (never answers). */
export type Answer = { status: number; headers?: Record<string, string>; body?: string } | 'hang';

export interface Receiver {
  readonly url: (path: string) => string;
  readonly received: Received[];
  /** Answers for a path, used in order; the last one repeats. Default: 200 "ok". */
  script(path: string, answers: Answer[]): void;
  /** Resolves with the requests to `path` once `count` arrived (or rejects after `timeoutMs`). */
  waitFor(path: string, count: number, timeoutMs?: number, match?: (r: Received) => boolean): Promise<Received[]>;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const scripts = new Map<string, Answer[]>();
  const hanging = new Set<import('node:http').ServerResponse>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
      const answers = scripts.get(path) ?? [];
      const answer = answers.length > 1 ? answers.shift()! : (answers[0] ?? { status: 200, body: 'ok' });
      if (answer === 'hang') {
        hanging.add(res);
        return;
      }
      res.writeHead(answer.status, { 'content-type': 'text/plain', ...answer.headers });
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    received,
    script: (path, answers) => void scripts.set(path, [...answers]),
    async waitFor(path, count, timeoutMs = 20_000, match = () => true) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = received.filter((r) => r.path === path && match(r));
        if (found.length >= count) return found;
        if (Date.now() > deadline) throw new Error(`receiver: ${found.length} of ${count} requests to ${path} after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A subscription made by the demo admin; the fixture's endpoint listens nowhere (port 9, discard). */
export async function fixtureWebhook(body: Record<string, unknown> = {}): Promise<{ id: string; secret: string } & Record<string, any>> {
  const res = await call('POST', '/v1/webhooks', {
    token: await tokenFor(USERS.admin),
    body: { url: 'http://127.0.0.1:9/hydrant-fixture', eventTypes: ['forecast.completed'], description: 'Fixture', ...body },
  });
  if (res.status !== 201) throw new Error(`fixture /v1/webhooks failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A failed delivery of a fixture subscription, written in-process as the delivery worker writes it. */
export async function fixtureFailedDelivery(): Promise<{ webhookId: string; deliveryId: string }> {
  Object.assign(process.env, inject('stackEnv'));
  const webhook = await fixtureWebhook();
  const { putDeliveryIfAbsent } = await import('#adapters/dynamodb/webhooks-repository');
  const now = new Date().toISOString();
  const event = { id: ulid(), type: 'forecast.completed', occurredAt: now, tenant: DEMO_TENANT_ID, data: { id: 'fixture' } };
  await putDeliveryIfAbsent(DEMO_TENANT_ID, {
    id: event.id,
    webhookId: webhook.id,
    eventType: event.type,
    event,
    status: 'failed',
    attempts: [{ attempt: 1, trigger: 'scheduled', at: now, statusCode: 500, latencyMs: 3, error: null, responseStart: 'boom' }],
    nextAttemptAt: null,
    lastError: 'HTTP 500',
    createdAt: now,
    updatedAt: now,
  });
  return { webhookId: webhook.id, deliveryId: event.id };
}
