import { getModelRegistration } from '#adapters/dynamodb/ai-models-repository';
import type { Principal } from '#domain/principal';
import type { WaterQualityModel } from '#domain/water-quality/predictor';
import type { ModelRegistration } from '#domain/water-quality/registry';
import { MODEL_NAMES } from '#lib/model/schemas/ai';
import { modelInUse } from './predict';

export interface ModelListing {
  readonly model: WaterQualityModel;
  readonly lastTraining: ModelRegistration['lastTraining'] | null;
}

/**
 * The tenant's models. Steps, for each model name:
 *   1. its registration (the last training's outcome, if one was asked for);
 *   2. the model predictions use: the trained version, or the default model.
 */
export async function listModels(who: Principal): Promise<ModelListing[]> {
  return Promise.all(
    MODEL_NAMES.map(async (name) => {
      const [registration, model] = await Promise.all([getModelRegistration(who.tenantId, name), modelInUse(who.tenantId, name)]);
      return { model, lastTraining: registration?.lastTraining ?? null };
    }),
  );
}
