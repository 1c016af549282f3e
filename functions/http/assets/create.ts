import { ulid } from 'ulid';
import { createAsset as saveAsset } from '#adapters/dynamodb/assets-repository';
import { getSite } from '#adapters/dynamodb/sites-repository';
import { newAsset, type NewAsset } from '#domain/assets';
import { findRoute } from '#lib/model/find-route';
import { assetsRoutes } from '#lib/model/routes/assets';
import { ValidationFailed } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, resourceResult } from '#http-stack/resources';

/**
 * Steps: read the site (the asset takes its client); build the asset; save it with
 * its serial-number guard and the site's asset counter in one transaction.
 */
export async function createAsset({ body, principal }: HttpRequest<unknown, unknown, NewAsset>) {
  const { tenantId } = caller(principal);
  const site = await getSite(tenantId, body.siteId);
  if (!site) throw new ValidationFailed('The site does not exist', [{ path: 'body.siteId', message: `no site ${body.siteId}` }]);
  const asset = newAsset(ulid(), body, site.clientId, new Date().toISOString());
  await saveAsset(tenantId, asset);
  return resourceResult(asset, 201, { Location: `/v1/assets/${asset.id}` });
}

export const handler = httpRoute(findRoute(assetsRoutes, 'createAsset'), createAsset);
