/**
 * The `webhook-deliveries` queue: one message per attempt,
 * `{tenant, webhookId, deliveryId, attempt, dueAt, trigger}`; the delivery itself (its event,
 * its attempts) is in the table, written before the message is sent. A message whose attempt
 * is due further than SQS's 15-minute delay is sent with the longest delay and re-queued by
 * the worker until it is due.
 *
 * Env: `QUEUE_URL_WEBHOOK_DELIVERIES` (set with the send grant by the stacks).
 */
import { SendMessageBatchCommand, SQSClient, type SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import { DeliveryJob, queueDelayTowards } from '#domain/webhooks';
import { readEnv } from '#platform/config';

const env = readEnv({ QUEUE_URL_WEBHOOK_DELIVERIES: z.string().min(1) });
// The endpoint comes from the SDK's configuration (AWS_ENDPOINT_URL_SQS locally), never from the queue URL's host.
const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });

export { DeliveryJob };

const MAX_SEND_ATTEMPTS = 3;

/** Sends the jobs (10 per call), each delayed towards its due time; throws if one cannot be sent. */
export async function queueDeliveryJobs(jobs: readonly DeliveryJob[], nowMs = Date.now()): Promise<void> {
  for (let i = 0; i < jobs.length; i += 10) {
    let entries: SendMessageBatchRequestEntry[] = jobs.slice(i, i + 10).map((job, n) => ({
      Id: String(n),
      MessageBody: JSON.stringify(job),
      DelaySeconds: queueDelayTowards(Date.parse(job.dueAt), nowMs),
    }));
    for (let attempt = 1; entries.length > 0; attempt++) {
      if (attempt > MAX_SEND_ATTEMPTS) throw new Error(`${entries.length} webhook delivery job(s) could not be queued`);
      if (attempt > 1) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: env.QUEUE_URL_WEBHOOK_DELIVERIES, Entries: entries }));
      const failed = new Set((out.Failed ?? []).map((f) => f.Id));
      entries = entries.filter((e) => failed.has(e.Id));
    }
  }
}
