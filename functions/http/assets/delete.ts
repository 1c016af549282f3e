import { deleteAsset as removeAsset, getAsset } from '#adapters/dynamodb/assets-repository';
import { findRoute } from '#lib/model/find-route';
import { assetsRoutes } from '#lib/model/routes/assets';
import { NotFound } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch } from '#http-stack/resources';

export async function deleteAsset({ params, headers, principal }: HttpRequest<{ id: string }>) {
  const { tenantId } = caller(principal);
  const asset = await getAsset(tenantId, params.id);
  if (!asset) throw new NotFound('Asset', params.id);
  checkIfMatch(headers['if-match'], asset);
  await removeAsset(tenantId, asset);
  return { status: 204, audit: { resourceId: asset.id, before: asset } };
}

export const handler = httpRoute(findRoute(assetsRoutes, 'deleteAsset'), deleteAsset);
