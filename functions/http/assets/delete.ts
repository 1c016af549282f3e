import { deleteAsset as deleteAssetUseCase } from '#application/assets/delete-asset';
import { findRoute } from '#lib/model/find-route';
import { assetsRoutes } from '#lib/model/routes/assets';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch } from '#http-stack/resources';

export async function deleteAsset({ params, headers, principal }: HttpRequest<{ id: string }>) {
  const asset = await deleteAssetUseCase(caller(principal), params.id, (current) => checkIfMatch(headers['if-match'], current));
  return { status: 204, audit: { resourceId: asset.id, before: asset } };
}

export const handler = httpRoute(findRoute(assetsRoutes, 'deleteAsset'), deleteAsset);
