/** Weekly: asks for a training of every registered model (`retrainModels`). */
import { retrainModels } from '#application/ai/retrain-models';
import { scheduledWorker } from '#platform/scheduled-worker';

export const handler = scheduledWorker('ModelRetraining', async (_event, now) => retrainModels(now));
