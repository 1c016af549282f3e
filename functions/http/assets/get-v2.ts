import { getAsset } from '#application/assets/get-asset';
import { assetV2 } from '#domain/assets';
import { findRoute } from '#lib/model/find-route';
import { assetsRoutes } from '#lib/model/routes/assets';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

/** The v2 representation: the same asset, maintenance grouped. */
export async function getAssetV2({ params, principal }: HttpRequest<{ id: string }>) {
  const asset = await getAsset(caller(principal), params.id);
  return { ...resourceResult(asset), body: assetV2(asset) };
}

export const handler = httpRoute(findRoute(assetsRoutes, 'getAssetV2'), getAssetV2);
