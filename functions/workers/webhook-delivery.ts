/**
 * The webhook delivery worker: consumes `webhook-deliveries`, one message per attempt
 * `{tenant, webhookId, deliveryId, attempt, dueAt, trigger}`, and makes the attempt
 * (`deliverWebhookAttempt`), records in parallel. A failure fails only its record: the
 * attempt comes back with the same `webhook-id` (at-least-once), then the DLQ.
 */
import { deliverWebhookAttempt } from '#application/webhooks/deliver-webhook-attempt';
import { DeliveryJob } from '#domain/webhooks';
import { sqsWorker } from '#platform/sqs-worker';

export const handler = sqsWorker(DeliveryJob, (job) => deliverWebhookAttempt(job));
