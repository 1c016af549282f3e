/**
 * The `forecast-jobs` queue: one message per job, `{tenantId, jobId}`; the job itself is
 * in the table (written before the message is sent), so the message stays tiny.
 *
 * Env: `QUEUE_URL_FORECAST_JOBS` (set with the send grant by the stacks).
 */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import type { ForecastJobMessage } from '#domain/forecast-jobs';
import { readEnv } from '#platform/config';

const env = readEnv({ QUEUE_URL_FORECAST_JOBS: z.string().min(1) });
// The endpoint comes from the SDK's configuration (AWS_ENDPOINT_URL_SQS locally), never from the queue URL's host.
const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });

/** Sends the message that makes the worker run a job. */
export async function enqueueForecastJob(message: ForecastJobMessage): Promise<void> {
  await sqs.send(new SendMessageCommand({ QueueUrl: env.QUEUE_URL_FORECAST_JOBS, MessageBody: JSON.stringify(message) }));
}
