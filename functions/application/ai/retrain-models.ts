import { allModelRegistrations } from '#adapters/dynamodb/ai-models-repository';
import { logger } from '#platform/observability';
import { requestTraining } from './request-training';

/**
 * The weekly retraining (schedule's use case). Steps, for each registration of every
 * tenant: ask for a training with its last options (`requestTraining`). A registration that
 * fails is logged and the run goes on; the run then throws so the schedule's alarm fires.
 */
export async function retrainModels(now: Date): Promise<{ processed: number }> {
  let processed = 0;
  const failures: unknown[] = [];
  for await (const { tenantId, registration } of allModelRegistrations()) {
    try {
      await requestTraining(tenantId, registration.id, registration.options, now);
      processed++;
    } catch (error) {
      logger.error('Retraining could not be asked for', { tenantId, model: registration.id, error: error as Error });
      failures.push(error);
    }
  }
  if (failures.length) throw new Error(`${failures.length} retraining request(s) failed`);
  return { processed };
}
