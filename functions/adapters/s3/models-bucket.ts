/**
 * Trained models in the documents bucket, as JSON: `models/{tenant}/{name}/{version}.json`,
 * and `models/{tenant}/{name}/latest.json` pointing at the newest (`{version}`). A version
 * never changes once written, so a process keeps the versions it has read (a warm
 * prediction reads no object).
 */
import type { WaterQualityModel } from '#domain/water-quality/predictor';
import { putGeneratedObject, readObjectText } from './documents-bucket';

const MAX_MODEL_BYTES = 1_000_000;
const keyOf = (tenantId: string, name: string, file: string) => `models/${tenantId}/${name}/${file}.json`;
const cache = new Map<string, unknown>();

/** What every stored model carries. */
export interface StoredModel {
  readonly name: string;
  readonly version: string;
  readonly trainedAt: string;
}

const put = (key: string, value: unknown) => putGeneratedObject(key, new TextEncoder().encode(JSON.stringify(value)), 'application/json');

/** Stores a model version, then moves the latest pointer to it. */
export async function storeModel(tenantId: string, model: StoredModel): Promise<void> {
  await put(keyOf(tenantId, model.name, model.version), model);
  await put(keyOf(tenantId, model.name, 'latest'), { version: model.version, trainedAt: model.trainedAt });
  cache.set(keyOf(tenantId, model.name, model.version), model);
}

/** A stored model version (read once per process). */
export async function loadModel<M extends StoredModel = WaterQualityModel>(tenantId: string, name: string, version: string): Promise<M> {
  const key = keyOf(tenantId, name, version);
  const cached = cache.get(key);
  if (cached) return cached as M;
  let text = '';
  for await (const piece of readObjectText(key, null, MAX_MODEL_BYTES)) text += piece;
  const model = JSON.parse(text) as M;
  cache.set(key, model);
  return model;
}
