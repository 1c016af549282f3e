import { getAsset as loadAsset } from '#adapters/dynamodb/assets-repository';
import { canSeeAsset, type Asset } from '#domain/assets';
import { findRoute } from '#lib/model/find-route';
import { assetsRoutes } from '#lib/model/routes/assets';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult, visibleOr404 } from '#http-stack/resources';

/** The v2 representation: the same asset, maintenance grouped. */
export function assetV2({ maintenanceIntervalDays, lastMaintenanceAt, nextMaintenanceAt, ...rest }: Asset) {
  return { ...rest, maintenance: { intervalDays: maintenanceIntervalDays, lastAt: lastMaintenanceAt, nextAt: nextMaintenanceAt } };
}

export async function getAssetV2({ params, principal }: HttpRequest<{ id: string }>) {
  const who = caller(principal);
  const asset = visibleOr404(await loadAsset(who.tenantId, params.id), (a) => canSeeAsset(who, a), 'Asset', params.id);
  return { ...resourceResult(asset), body: assetV2(asset) };
}

export const handler = httpRoute(findRoute(assetsRoutes, 'getAssetV2'), getAssetV2);
