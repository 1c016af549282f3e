import { getAsset as getAssetUseCase } from '#application/assets/get-asset';
import { findRoute } from '#lib/model/find-route';
import { assetsRoutes } from '#lib/model/routes/assets';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

export async function getAsset({ params, principal }: HttpRequest<{ id: string }>) {
  return resourceResult(await getAssetUseCase(caller(principal), params.id));
}

export const handler = httpRoute(findRoute(assetsRoutes, 'getAsset'), getAsset);
