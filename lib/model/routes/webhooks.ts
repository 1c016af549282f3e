/**
 * Events and webhooks (issue 6): the outbox relay that takes every committed domain event
 * from the table's stream to the `events` and `notifications` queues; the fan-out worker
 * that turns each event into one delivery per matching subscription; the delivery worker
 * that signs and sends them on the retry schedule; and the subscription routes.
 */
import { DOMAIN_EVENT_QUEUES } from '../events';
import type { FunctionSpec, QueueDecl, RouteDecl, StreamConsumerDecl } from '../types';
import { IdParams, pageOf } from '../schemas/common';
import {
  CreatedWebhook,
  CreateWebhookBody,
  DeliveryParams,
  deliveryExample,
  ListDeliveriesQuery,
  ListWebhooksQuery,
  Replay,
  ReplayBody,
  RotatedSecret,
  SECRET_EXAMPLE,
  TestSent,
  UpdateWebhookBody,
  Webhook,
  WebhookDelivery,
  webhookExample,
} from '../schemas/webhooks';
import { authenticated } from './access';

/**
 * The outbox relay (workers/outbox-relay): inserted `outbox-event` items of the table's
 * stream, 100 per batch, bisected and retried 5 times before they go to its on-failure queue.
 */
export const OUTBOX_RELAY: StreamConsumerDecl = {
  name: 'outbox-relay',
  entity: 'outbox-event',
  batchSize: 100,
  maxRetryAttempts: 5,
  handler: 'workers/outbox-relay',
  fn: { timeoutSeconds: 30, access: { table: 'readWrite', sendsTo: [...DOMAIN_EVENT_QUEUES] } },
};

/** Domain events for webhooks: the fan-out worker makes one delivery per matching subscription. */
export const EVENTS_QUEUE: QueueDecl = {
  name: 'events',
  visibilityTimeoutSeconds: 60,
  maxReceiveCount: 8,
  batchSize: 10,
  consumer: { handler: 'workers/webhook-fanout', fn: { timeoutSeconds: 30, access: { table: 'readWrite', sendsTo: ['webhook-deliveries'] } } },
};

/**
 * One message per attempt `{tenant, webhookId, deliveryId, attempt, dueAt}`. The delivery
 * worker's timeout (40 s) covers a 15 s request with room to record it, below the 90 s
 * visibility timeout; it re-queues itself for the next attempt (or towards a due time
 * further than SQS's 15-minute delay) and notifies managers of a delivery that failed.
 */
export const WEBHOOK_DELIVERIES_QUEUE: QueueDecl = {
  name: 'webhook-deliveries',
  visibilityTimeoutSeconds: 90,
  maxReceiveCount: 5,
  batchSize: 10,
  // A batch waits for its slowest endpoint (up to 15 s): other batches go on meanwhile.
  maxConcurrency: 10,
  consumer: {
    handler: 'workers/webhook-delivery',
    fn: { timeoutSeconds: 40, access: { table: 'readWrite', sendsTo: ['webhook-deliveries'], webhookSecrets: 'decrypt' } },
  },
};

const common = { tag: 'Webhooks', apiKey: true } as const;
const MANAGERS_OF_WEBHOOKS = authenticated(['admin'], ['webhooks.manage']);
const READS: FunctionSpec = { access: { table: 'read' } };
const WRITES: FunctionSpec = { access: { table: 'readWrite' } };
const WRITES_SECRET: FunctionSpec = { access: { table: 'readWrite', webhookSecrets: 'encrypt' } };
const QUEUES_DELIVERIES: FunctionSpec = { timeoutSeconds: 30, access: { table: 'readWrite', sendsTo: ['webhook-deliveries'] } };
const base = '/v1/webhooks';
const item = `${base}/{id}`;

export const webhooksRoutes: readonly RouteDecl[] = [
  {
    ...common,
    operationId: 'createWebhook',
    idempotencyExempt: 'The answer holds the signing secret in clear, which a kept answer would store for 24 hours',
    method: 'POST',
    path: base,
    summary: 'Subscribe an endpoint to events; the signing secret (`whsec_...`) is in this answer only',
    handler: 'http/webhooks/create',
    // Not idempotent on purpose (as API keys): a kept answer would hold the secret in clear
    // for 24 hours. A retried create makes a second subscription (delete it).
    auth: MANAGERS_OF_WEBHOOKS,
    request: { body: CreateWebhookBody, bodyExample: { url: webhookExample.url, eventTypes: webhookExample.eventTypes, description: webhookExample.description, filter: webhookExample.filter } },
    responses: { 201: { description: 'Created', schema: CreatedWebhook, example: { ...webhookExample, secret: SECRET_EXAMPLE }, headers: ['ETag', 'Location'] } },
    fn: WRITES_SECRET,
  },
  {
    ...common,
    operationId: 'listWebhooks',
    method: 'GET',
    path: base,
    summary: 'List the subscriptions',
    handler: 'http/webhooks/list',
    auth: MANAGERS_OF_WEBHOOKS,
    request: { query: ListWebhooksQuery },
    responses: { 200: { description: 'A page', schema: pageOf(Webhook), example: { data: [webhookExample], nextCursor: null } } },
    fn: READS,
  },
  {
    ...common,
    operationId: 'getWebhook',
    method: 'GET',
    path: item,
    summary: 'Get a subscription (never its secret)',
    handler: 'http/webhooks/get',
    auth: MANAGERS_OF_WEBHOOKS,
    request: { params: IdParams, headers: ['If-None-Match'] },
    responses: { 200: { description: 'Found', schema: Webhook, example: webhookExample, headers: ['ETag'] } },
    fn: READS,
  },
  {
    ...common,
    operationId: 'updateWebhook',
    method: 'PATCH',
    path: item,
    summary: 'Update a subscription (partial); enabling it again clears why it was disabled',
    handler: 'http/webhooks/update',
    auth: MANAGERS_OF_WEBHOOKS,
    request: { params: IdParams, body: UpdateWebhookBody, bodyExample: { enabled: false }, headers: ['If-Match'] },
    responses: { 200: { description: 'Updated', schema: Webhook, example: webhookExample, headers: ['ETag'] } },
    fn: WRITES,
  },
  {
    ...common,
    operationId: 'deleteWebhook',
    method: 'DELETE',
    path: item,
    summary: 'Delete a subscription: nothing more is sent to it',
    handler: 'http/webhooks/delete',
    auth: MANAGERS_OF_WEBHOOKS,
    request: { params: IdParams, headers: ['If-Match'] },
    responses: { 204: { description: 'Deleted' } },
    fn: WRITES,
  },
  {
    ...common,
    operationId: 'rotateWebhookSecret',
    method: 'POST',
    path: `${item}/rotate-secret`,
    summary: 'A new signing secret, shown once; for 24 hours every delivery carries both signatures',
    handler: 'http/webhooks/rotate-secret',
    auth: MANAGERS_OF_WEBHOOKS,
    request: { params: IdParams },
    responses: { 200: { description: 'Rotated', schema: RotatedSecret, example: { id: webhookExample.id, secret: SECRET_EXAMPLE, previousSecretValidUntil: '2026-11-22T09:30:00.000Z' } } },
    fn: WRITES_SECRET,
  },
  {
    ...common,
    operationId: 'testWebhook',
    method: 'POST',
    path: `${item}/test`,
    summary: 'Send a `webhook.test` event to this endpoint now; its delivery appears in the log',
    handler: 'http/webhooks/test',
    auth: MANAGERS_OF_WEBHOOKS,
    request: { params: IdParams },
    responses: { 202: { description: 'Queued', schema: TestSent, example: { eventId: deliveryExample.id, type: 'webhook.test' } } },
    fn: WRITES,
  },
  {
    ...common,
    operationId: 'listWebhookDeliveries',
    method: 'GET',
    path: `${item}/deliveries`,
    summary: 'The delivery log, newest first: every attempt with its time, status code, latency, error and the first bytes of the answer',
    handler: 'http/webhooks/deliveries',
    auth: MANAGERS_OF_WEBHOOKS,
    request: { params: IdParams, query: ListDeliveriesQuery },
    responses: { 200: { description: 'A page', schema: pageOf(WebhookDelivery), example: { data: [deliveryExample], nextCursor: null } } },
    fn: READS,
  },
  {
    ...common,
    operationId: 'retryWebhookDelivery',
    method: 'POST',
    path: `${item}/deliveries/{deliveryId}/retry`,
    summary: 'Attempt a delivery once more, now (a failed one, or a pending one ahead of its schedule)',
    handler: 'http/webhooks/retry-delivery',
    auth: MANAGERS_OF_WEBHOOKS,
    request: { params: DeliveryParams },
    responses: { 202: { description: 'Queued', schema: WebhookDelivery, example: deliveryExample } },
    fn: QUEUES_DELIVERIES,
  },
  {
    ...common,
    operationId: 'replayWebhook',
    method: 'POST',
    path: `${item}/replay`,
    summary: 'Resend every event since a time that the endpoint should have received and has not (new deliveries, or a retry of failed ones)',
    handler: 'http/webhooks/replay',
    auth: MANAGERS_OF_WEBHOOKS,
    request: { params: IdParams, body: ReplayBody, bodyExample: { since: '2026-11-20T00:00:00Z' } },
    responses: { 202: { description: 'Queued', schema: Replay, example: { webhookId: webhookExample.id, since: '2026-11-20T00:00:00.000Z', queued: 12 } } },
    fn: QUEUES_DELIVERIES,
  },
];
