/**
 * The webhook fan-out: consumes `events` (the envelopes the outbox relay sends) and makes
 * one delivery per subscription that wants each event (`fanOutEvent`). A body that is not
 * an envelope, or an event not fanned out, fails only its record: SQS redelivers it (then
 * the DLQ), and the fan-out's idempotence makes that harmless.
 */
import { fanOutEvent } from '#application/webhooks/fan-out-event';
import { EventEnvelope } from '#domain/events';
import { sqsWorker } from '#platform/sqs-worker';

/** A delivery is keyed by its event's id: at most 64 characters here. */
const WebhookEventEnvelope = EventEnvelope.extend({ id: EventEnvelope.shape.id.max(64) });

export const handler = sqsWorker(WebhookEventEnvelope, (event) => fanOutEvent(event));
