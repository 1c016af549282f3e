/**
 * Sends domain event envelopes to every queue of `DOMAIN_EVENT_QUEUES` (`events`,
 * `notifications`, `live-updates`, `connector-events`) with SendMessageBatch, 10 entries per call, resending the entries SQS
 * reports as failed a few times. Body: the envelope `{id, type, occurredAt, tenant, data}`;
 * attributes `eventId`, `eventType`, `tenantId`. Consumers dedupe by event id, so sending
 * an event twice (a relay retried after a partial failure) is harmless.
 *
 * Env: `QUEUE_URL_EVENTS`, `QUEUE_URL_NOTIFICATIONS`, `QUEUE_URL_LIVE_UPDATES`, `QUEUE_URL_CONNECTOR_EVENTS` (set with the send grants by the stacks).
 */
import { SendMessageBatchCommand, SQSClient, type SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import { DOMAIN_EVENT_QUEUES } from '#lib/model/events';
import type { OutboxEvent } from '#adapters/dynamodb/outbox';
import { readEnv } from '#platform/config';

const env = readEnv({
  QUEUE_URL_EVENTS: z.string().min(1),
  QUEUE_URL_NOTIFICATIONS: z.string().min(1),
  QUEUE_URL_LIVE_UPDATES: z.string().min(1),
  QUEUE_URL_CONNECTOR_EVENTS: z.string().min(1),
});
const QUEUE_URLS: Record<(typeof DOMAIN_EVENT_QUEUES)[number], string> = {
  events: env.QUEUE_URL_EVENTS,
  notifications: env.QUEUE_URL_NOTIFICATIONS,
  'live-updates': env.QUEUE_URL_LIVE_UPDATES,
  'connector-events': env.QUEUE_URL_CONNECTOR_EVENTS,
};
// The endpoint comes from the SDK's configuration (AWS_ENDPOINT_URL_SQS locally), never from the queue URL's host.
const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });

const MAX_SEND_ATTEMPTS = 3;

/** The SQS body of an event: exactly the envelope. */
export const domainEventBody = (event: OutboxEvent): string =>
  JSON.stringify({ id: event.id, type: event.type, occurredAt: event.occurredAt, tenant: event.tenant, data: event.data });

/**
 * Sends each event to every domain event queue. Returns the ids of the events that did
 * not reach all of them (the caller reports those records as failed); never throws for
 * a single entry, throws only when SQS itself cannot be reached.
 */
export async function publishDomainEvents(events: readonly OutboxEvent[]): Promise<Set<string>> {
  const failed = new Set<string>();
  const chunks: OutboxEvent[][] = [];
  for (let i = 0; i < events.length; i += 10) chunks.push(events.slice(i, i + 10));
  await Promise.all(
    DOMAIN_EVENT_QUEUES.flatMap((queue) =>
      chunks.map(async (chunk) => {
        for (const id of await sendChunk(QUEUE_URLS[queue], chunk)) failed.add(id);
      }),
    ),
  );
  return failed;
}

async function sendChunk(queueUrl: string, events: readonly OutboxEvent[]): Promise<string[]> {
  let entries: SendMessageBatchRequestEntry[] = events.map((e, i) => ({
    Id: String(i),
    MessageBody: domainEventBody(e),
    MessageAttributes: {
      eventId: { DataType: 'String', StringValue: e.id },
      eventType: { DataType: 'String', StringValue: e.type },
      tenantId: { DataType: 'String', StringValue: e.tenant },
    },
  }));
  for (let attempt = 1; entries.length > 0 && attempt <= MAX_SEND_ATTEMPTS; attempt++) {
    if (attempt > 1) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    try {
      const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
      const failedIds = new Set((out.Failed ?? []).map((f) => f.Id));
      entries = entries.filter((e) => failedIds.has(e.Id));
    } catch (error) {
      if (attempt === MAX_SEND_ATTEMPTS) throw error;
    }
  }
  return entries.map((e) => events[Number(e.Id)]!.id);
}
