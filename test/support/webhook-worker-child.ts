/**
 * Runs the webhook delivery worker on one job (argv[2], JSON) in a process of its own, for
 * the crash test, which kills it mid-request. Its environment is the local stack's.
 */
import { processDeliveryJob } from '#workers/webhook-delivery';
import { DeliveryJob } from '#adapters/sqs/webhook-deliveries';

await processDeliveryJob(DeliveryJob.parse(JSON.parse(process.argv[2] ?? '{}')));
