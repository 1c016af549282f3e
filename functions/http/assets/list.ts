import { listAssets as queryAssets, type AssetQuery } from '#adapters/dynamodb/assets-repository';
import { confinedClientId } from '#domain/principal';
import { findRoute } from '#lib/model/find-route';
import { assetsRoutes } from '#lib/model/routes/assets';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

/** Client users are confined to their client's assets, whichever filters they pass. */
export async function listAssets({ query, principal }: HttpRequest<unknown, Omit<AssetQuery, 'clientId'>>) {
  const who = caller(principal);
  return pageResult(await queryAssets(who.tenantId, { ...query, clientId: confinedClientId(who) }));
}

export const handler = httpRoute(findRoute(assetsRoutes, 'listAssets'), listAssets);
