/** What the prediction and listing use cases share: the model a tenant's predictions use. */
import { getModelRegistration } from '#adapters/dynamodb/ai-models-repository';
import { loadModel } from '#adapters/s3/models-bucket';
import { DEFAULT_ASSET_FAILURE_MODEL } from '#domain/asset-risk/default-model';
import { ASSET_FAILURE_MODEL, type AssetFailureModel } from '#domain/asset-risk/model';
import { DEFAULT_WATER_QUALITY_MODEL } from '#domain/water-quality/default-model';
import type { WaterQualityModel } from '#domain/water-quality/predictor';

/** The tenant's trained version of the model (its stored JSON, kept in the process once read), or the default model. */
export async function modelInUse(tenantId: string, name: string): Promise<WaterQualityModel> {
  const registration = await getModelRegistration(tenantId, name);
  return registration?.modelVersion ? loadModel(tenantId, name, registration.modelVersion) : DEFAULT_WATER_QUALITY_MODEL;
}

/** The tenant's trained asset-failure model, or the default one. */
export async function assetModelInUse(tenantId: string): Promise<AssetFailureModel> {
  const registration = await getModelRegistration(tenantId, ASSET_FAILURE_MODEL);
  return registration?.modelVersion ? loadModel<AssetFailureModel>(tenantId, ASSET_FAILURE_MODEL, registration.modelVersion) : DEFAULT_ASSET_FAILURE_MODEL;
}
