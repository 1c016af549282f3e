import { getModelRegistration, saveModelRegistration } from '#adapters/dynamodb/ai-models-repository';
import { enqueueTraining } from '#adapters/sqs/model-training';
import type { Principal } from '#domain/principal';
import { queuedTraining, type ModelRegistration, type TrainingOptions } from '#domain/water-quality/registry';
import { Conflict } from '#platform/errors';

/**
 * Asks for a training of the tenant's model (the route, and the weekly schedule with the
 * last options). Steps:
 *   1. write the registration `queued` with the options, keeping the model in use, on the
 *      version read (a concurrent request: 409 TRAINING_RACE, ask again);
 *   2. send the `model-training` message; the worker trains and records the outcome.
 */
export async function requestTraining(tenantId: string, name: string, options: TrainingOptions, now: Date): Promise<ModelRegistration> {
  const before = await getModelRegistration(tenantId, name);
  const next = queuedTraining(before, name, options, now.toISOString());
  if (!(await saveModelRegistration(tenantId, next, before))) throw new Conflict('Another training request changed the model meanwhile; ask again', 'TRAINING_RACE');
  await enqueueTraining({ tenantId, modelName: name, requestedAt: next.lastTraining.requestedAt });
  return next;
}

/** The route's use case: an admin asks for a training of the caller's tenant. */
export const requestTenantTraining = (who: Principal, name: string, options: TrainingOptions, now: Date): Promise<ModelRegistration> => requestTraining(who.tenantId, name, options, now);
