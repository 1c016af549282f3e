/**
 * The `connector-runs` queue: one message per run of one connector,
 * `{tenant, connectorId, trigger, event?}`, so each connector's run fails, retries and waits
 * out rate limits on its own.
 *
 * Env: `QUEUE_URL_CONNECTOR_RUNS` (set with the send grant by the stacks).
 */
import { SendMessageBatchCommand, SQSClient, type SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import type { ConnectorRunJob } from '#domain/connectors';
import { readEnv } from '#platform/config';

const env = readEnv({ QUEUE_URL_CONNECTOR_RUNS: z.string().min(1) });
// The endpoint comes from the SDK's configuration (AWS_ENDPOINT_URL_SQS locally), never from the queue URL's host.
const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });

const MAX_SEND_ATTEMPTS = 3;

/** Sends the jobs, 10 per call; throws if one cannot be sent (the caller's record then fails and is retried). */
export async function queueConnectorRuns(jobs: readonly ConnectorRunJob[]): Promise<void> {
  for (let i = 0; i < jobs.length; i += 10) {
    let entries: SendMessageBatchRequestEntry[] = jobs.slice(i, i + 10).map((job, n) => ({ Id: String(n), MessageBody: JSON.stringify(job) }));
    for (let attempt = 1; entries.length > 0; attempt++) {
      if (attempt > MAX_SEND_ATTEMPTS) throw new Error(`${entries.length} connector run(s) could not be queued`);
      if (attempt > 1) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: env.QUEUE_URL_CONNECTOR_RUNS, Entries: entries }));
      const failed = new Set((out.Failed ?? []).map((f) => f.Id));
      entries = entries.filter((e) => failed.has(e.Id));
    }
  }
}
