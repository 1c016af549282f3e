/**
 * The outbox relay: consumes the application table's stream, filtered to inserted outbox
 * items (`entity = outbox-event`, declared in the app model's `streamConsumers`), and
 * relays their events to the domain event queues (`relayOutboxEvents`). An item that is
 * not an outbox event, or an event not relayed, fails its record by sequence number
 * (`dynamodbStreamWorker`): Lambda retries it, then sends it to the on-failure queue.
 */
import * as z from 'zod';
import { relayOutboxEvents } from '#application/events/relay-outbox-events';
import { EventEnvelope } from '#domain/events';
import { dynamodbStreamWorker } from '#platform/stream-worker';

/** An outbox item as the stream shows it; its envelope, without keys and bookkeeping attributes. */
export const OutboxItem = EventEnvelope.extend({ entity: z.literal('outbox-event'), occurredAt: z.string().min(1) }).transform(({ entity: _entity, ...envelope }) => envelope);

export const handler = dynamodbStreamWorker(OutboxItem, relayOutboxEvents);
