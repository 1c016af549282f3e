import { getModelRegistration } from '#adapters/dynamodb/ai-models-repository';
import type { Principal } from '#domain/principal';
import { MODEL_NAMES } from '#lib/model/schemas/ai';
import { modelInfo } from './answers';
import { modelInUse } from './model-in-use';

/**
 * The tenant's models. Steps, for each model name:
 *   1. its registration (the last training's outcome, if one was asked for);
 *   2. the model predictions use: the trained version, or the default model;
 *   3. what it predicts, its windows, its evaluation and provenance.
 */
export async function listModels(who: Principal): Promise<ReturnType<typeof modelInfo>[]> {
  return Promise.all(
    MODEL_NAMES.map(async (name) => {
      const [registration, model] = await Promise.all([getModelRegistration(who.tenantId, name), modelInUse(who.tenantId, name)]);
      return modelInfo({ model, lastTraining: registration?.lastTraining ?? null });
    }),
  );
}
