import type * as z from 'zod';
import { createAsset as createAssetUseCase } from '#application/assets/create-asset';
import { findRoute } from '#lib/model/find-route';
import { assetsRoutes } from '#lib/model/routes/assets';
import type { CreateAssetBody } from '#lib/model/schemas/assets';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

export async function createAsset({ body, principal }: HttpRequest<unknown, unknown, z.infer<typeof CreateAssetBody>>) {
  const asset = await createAssetUseCase(caller(principal), body);
  return resourceResult(asset, 201, { Location: `/v1/assets/${asset.id}` });
}

export const handler = httpRoute(findRoute(assetsRoutes, 'createAsset'), createAsset);
