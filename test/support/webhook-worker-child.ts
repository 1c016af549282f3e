/**
 * Runs the webhook delivery use case on one job (argv[2], JSON) in a process of its own, for
 * the crash test, which kills it mid-request. Its environment is the local stack's.
 */
import { deliverWebhookAttempt } from '#application/webhooks/deliver-webhook-attempt';
import { DeliveryJob } from '#domain/webhooks';

await deliverWebhookAttempt(DeliveryJob.parse(JSON.parse(process.argv[2] ?? '{}')));
