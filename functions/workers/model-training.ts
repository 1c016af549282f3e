/**
 * The model-training worker: consumes `model-training` (batch size 1) and trains the model
 * each message names (`trainModel`). A message that is not a training message, or whose
 * training fails, fails its record: retried, then kept in the DLQ.
 */
import * as z from 'zod';
import { trainModel } from '#application/ai/train-model';
import { sqsWorker } from '#platform/sqs-worker';

const TrainingMessage = z.object({ tenantId: z.string().min(1), modelName: z.string().min(1), requestedAt: z.string().min(1) });

export const handler = sqsWorker(TrainingMessage, (message) => trainModel(message, new Date()));
