import type * as z from 'zod';
import { listExceedances as listExceedancesUseCase } from '#application/quality/list-exceedances';
import { caller, pageResult } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { qualityRoutes } from '#lib/model/routes/quality';
import type { ListExceedancesQuery } from '#lib/model/schemas/quality';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** `GET /v1/quality/exceedances?siteId&parameter&from&to`. */
export async function listExceedances({ query, principal }: HttpRequest<unknown, z.infer<typeof ListExceedancesQuery>>) {
  const iso = (v: string | undefined) => (v === undefined ? undefined : new Date(v).toISOString());
  return pageResult(await listExceedancesUseCase(caller(principal), { ...query, from: iso(query.from), to: iso(query.to) }));
}

export const handler = httpRoute(findRoute(qualityRoutes, 'listExceedances'), listExceedances);
