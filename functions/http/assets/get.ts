import { getAsset as loadAsset } from '#adapters/dynamodb/assets-repository';
import { canSeeAsset } from '#domain/assets';
import { findRoute } from '#lib/model/find-route';
import { assetsRoutes } from '#lib/model/routes/assets';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult, visibleOr404 } from '#http-stack/resources';

export async function getAsset({ params, principal }: HttpRequest<{ id: string }>) {
  const who = caller(principal);
  const asset = visibleOr404(await loadAsset(who.tenantId, params.id), (a) => canSeeAsset(who, a), 'Asset', params.id);
  return resourceResult(asset);
}

export const handler = httpRoute(findRoute(assetsRoutes, 'getAsset'), getAsset);
