import type * as z from 'zod';
import { listAssetsAtRisk as listAssetsAtRiskUseCase } from '#application/assets/list-assets-at-risk';
import { findRoute } from '#lib/model/find-route';
import { assetRiskRoutes } from '#lib/model/routes/asset-risk';
import type { AtRiskQuery } from '#lib/model/schemas/asset-risk';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** `GET /v1/assets/at-risk?siteId&horizonDays&limit`: client users rank only their client's assets. */
export async function listAssetsAtRisk({ query, principal }: HttpRequest<unknown, z.infer<typeof AtRiskQuery>>) {
  return { status: 200, body: await listAssetsAtRiskUseCase(caller(principal), query, new Date()) };
}

export const handler = httpRoute(findRoute(assetRiskRoutes, 'listAssetsAtRisk'), listAssetsAtRisk);
