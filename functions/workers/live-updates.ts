/**
 * The live-updates worker: consumes `live-updates`, the domain events the outbox relay
 * delivers, and pushes alert changes to the live connections allowed to see them
 * (`pushAlertChange`). A body that is not an envelope, or a push that fails, fails only its
 * record (retried, then DLQ: `sqsWorker`).
 */
import { pushAlertChange } from '#application/live/push-alert-change';
import { sqsWorker } from '#platform/sqs-worker';
import { EventEnvelope } from '#domain/events';

export const handler = sqsWorker(EventEnvelope, (event) => pushAlertChange(event, new Date()));
