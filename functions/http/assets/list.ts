import type * as z from 'zod';
import { listAssets as listAssetsUseCase } from '#application/assets/list-assets';
import { findRoute } from '#lib/model/find-route';
import { assetsRoutes } from '#lib/model/routes/assets';
import type { ListAssetsQuery } from '#lib/model/schemas/assets';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, pageResult } from '#http-stack/resources';

/** Client users are confined to their client's assets, whichever filters they pass. */
export async function listAssets({ query, principal }: HttpRequest<unknown, z.infer<typeof ListAssetsQuery>>) {
  return pageResult(await listAssetsUseCase(caller(principal), query));
}

export const handler = httpRoute(findRoute(assetsRoutes, 'listAssets'), listAssets);
