import { getModelRegistration, saveModelRegistration } from '#adapters/dynamodb/ai-models-repository';
import { enqueueTraining } from '#adapters/sqs/model-training';
import type { Principal } from '#domain/principal';
import { queuedTraining, type ModelRegistration, type TrainingOptions } from '#domain/water-quality/registry';
import { VersionConflict } from '#platform/errors';

/**
 * Asks for a training of the tenant's model (the route, and the weekly schedule with the
 * last options). Steps:
 *   1. write the registration `queued` with the options, keeping the model in use, on the
 *      version read (a concurrent change, e.g. the worker recording the previous training:
 *      VersionConflict, so the route runs again on a fresh read, as every write does);
 *   2. send the `model-training` message; the worker trains and records the outcome.
 */
export async function requestTraining(tenantId: string, name: string, options: TrainingOptions, now: Date): Promise<ModelRegistration> {
  const before = await getModelRegistration(tenantId, name);
  const next = queuedTraining(before, name, options, now.toISOString());
  if (!(await saveModelRegistration(tenantId, next, before))) throw new VersionConflict('Another training request or its worker changed the model meanwhile; ask again');
  await enqueueTraining({ tenantId, modelName: name, requestedAt: next.lastTraining.requestedAt });
  return next;
}

/** The route's use case: an admin asks for a training of the caller's tenant. */
export const requestTenantTraining = (who: Principal, name: string, options: TrainingOptions, now: Date): Promise<ModelRegistration> => requestTraining(who.tenantId, name, options, now);
