import type * as z from 'zod';
import { updateAsset as updateAssetUseCase } from '#application/assets/update-asset';
import { findRoute } from '#lib/model/find-route';
import { assetsRoutes } from '#lib/model/routes/assets';
import type { UpdateAssetBody } from '#lib/model/schemas/assets';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, checkIfMatch, resourceResult } from '#http-stack/resources';

export async function updateAsset({ params, body, headers, principal }: HttpRequest<{ id: string }, unknown, z.infer<typeof UpdateAssetBody>>) {
  const { before, after } = await updateAssetUseCase(caller(principal), params.id, body, (current) => checkIfMatch(headers['if-match'], current));
  return { ...resourceResult(after), audit: { before, after } };
}

export const handler = httpRoute(findRoute(assetsRoutes, 'updateAsset'), updateAsset);
