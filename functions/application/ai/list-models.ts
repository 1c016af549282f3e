import { getModelRegistration } from '#adapters/dynamodb/ai-models-repository';
import type { Principal } from '#domain/principal';
import { MODEL_NAMES } from '#lib/model/schemas/ai';
import { ASSET_FAILURE_MODEL } from '#domain/asset-risk/model';
import { assetModelInfo, modelInfo } from './answers';
import { assetModelInUse, modelInUse } from './model-in-use';

/**
 * The tenant's models. Steps, for each model name:
 *   1. its registration (the last training's outcome, if one was asked for);
 *   2. the model predictions use: the trained version, or the default model;
 *   3. what it predicts, its windows, its evaluation and provenance.
 */
export async function listModels(who: Principal): Promise<(ReturnType<typeof modelInfo> | ReturnType<typeof assetModelInfo>)[]> {
  return Promise.all(
    MODEL_NAMES.map(async (name) => {
      const registration = await getModelRegistration(who.tenantId, name);
      const lastTraining = registration?.lastTraining ?? null;
      return name === ASSET_FAILURE_MODEL ? assetModelInfo({ model: await assetModelInUse(who.tenantId), lastTraining }) : modelInfo({ model: await modelInUse(who.tenantId, name), lastTraining });
    }),
  );
}
