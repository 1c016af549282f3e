/**
 * The notifications worker: consumes `notifications`, the domain events the outbox relay
 * delivers (`{id, type, occurredAt, tenant, data}`), and delivers each event's in-app
 * notifications (`deliverNotificationEvent`). A body that is not an envelope, or an event
 * whose delivery fails, fails only its record (retried whole, then DLQ: `sqsWorker`).
 */
import * as z from 'zod';
import { deliverNotificationEvent } from '#application/notifications/deliver-notification-event';
import { EventEnvelope } from '#domain/events';
import { sqsWorker } from '#platform/sqs-worker';

/** Notifications read the event's data as an object. */
export const NotificationEnvelope = EventEnvelope.extend({ data: z.record(z.string(), z.unknown()) });

export const handler = sqsWorker(NotificationEnvelope, (event) => deliverNotificationEvent(event));
