/**
 * The `model-training` queue: one message per training, `{tenantId, modelName, requestedAt}`
 * (the options are in the model's registration, written before the message is sent).
 *
 * Env: `QUEUE_URL_MODEL_TRAINING` (set with the send grant by the stacks).
 */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod';
import type { TrainingMessage } from '#domain/water-quality/registry';
import { readEnv } from '#platform/config';

const env = readEnv({ QUEUE_URL_MODEL_TRAINING: z.string().min(1) });
const sqs = new SQSClient({ useQueueUrlAsEndpoint: false });

export async function enqueueTraining(message: TrainingMessage): Promise<void> {
  await sqs.send(new SendMessageCommand({ QueueUrl: env.QUEUE_URL_MODEL_TRAINING, MessageBody: JSON.stringify(message) }));
}
