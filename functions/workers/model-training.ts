/**
 * The model-training worker: consumes `model-training` (batch size 1) and trains the model
 * each message names (`trainModel`). A message that is not a training message, or whose
 * training fails, fails its record: retried, and on the last receive the training is
 * recorded `failed` before the message goes to the DLQ.
 */
import * as z from 'zod';
import { trainModel } from '#application/ai/train-model';
import { MODEL_TRAINING_QUEUE } from '#lib/model/routes/ai';
import { sqsWorker } from '#platform/sqs-worker';

const TrainingMessage = z.object({ tenantId: z.string().min(1), modelName: z.string().min(1), requestedAt: z.string().min(1) });

export const handler = sqsWorker(TrainingMessage, (message, record) =>
  trainModel(message, new Date(), Number(record.attributes.ApproximateReceiveCount ?? '1') >= MODEL_TRAINING_QUEUE.maxReceiveCount),
);
