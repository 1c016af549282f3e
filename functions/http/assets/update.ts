import { getAsset, updateAsset as saveAsset } from '#adapters/dynamodb/assets-repository';
import { plansOfAsset } from '#adapters/dynamodb/maintenance-plans-repository';
import { getSite } from '#adapters/dynamodb/sites-repository';
import { applyAssetPatch, type AssetPatch } from '#domain/assets';
import { findRoute } from '#lib/model/find-route';
import { assetsRoutes } from '#lib/model/routes/assets';
import { NotFound, ValidationFailed } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch, resourceResult } from '#http-stack/resources';

/**
 * Steps: load the asset; check If-Match; when it moves, read the destination site
 * (the asset takes its client); apply the patch, with the asset's maintenance plans so
 * that `nextMaintenanceAt` stays the earliest of its interval and its plans' due dates;
 * save conditioned on the version read.
 */
export async function updateAsset({ params, body, headers, principal }: HttpRequest<{ id: string }, unknown, AssetPatch>) {
  const { tenantId } = caller(principal);
  const asset = await getAsset(tenantId, params.id);
  if (!asset) throw new NotFound('Asset', params.id);
  checkIfMatch(headers['if-match'], asset);
  const moving = body.siteId !== undefined && body.siteId !== asset.siteId;
  const newSite = moving ? await getSite(tenantId, body.siteId as string) : undefined;
  if (moving && !newSite) throw new ValidationFailed('The site does not exist', [{ path: 'body.siteId', message: `no site ${body.siteId}` }]);
  const updated = applyAssetPatch(asset, body, newSite ? newSite.clientId : asset.clientId, new Date().toISOString(), await plansOfAsset(tenantId, asset.id));
  await saveAsset(tenantId, asset, updated, newSite);
  return { ...resourceResult(updated), audit: { before: asset, after: updated } };
}

export const handler = httpRoute(findRoute(assetsRoutes, 'updateAsset'), updateAsset);
