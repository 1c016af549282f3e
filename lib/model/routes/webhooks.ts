/**
 * Events and webhooks (issue 6): the outbox relay that takes every committed domain event
 * from the table's stream to the `events` and `notifications` queues.
 */
import { DOMAIN_EVENT_QUEUES } from '../events';
import type { StreamConsumerDecl } from '../types';

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
