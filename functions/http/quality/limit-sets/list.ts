import type * as z from 'zod';
import { listLimitSets as listLimitSetsUseCase } from '#application/quality/list-limit-sets';
import { caller, pageResult } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { qualityRoutes } from '#lib/model/routes/quality';
import type { ListLimitSetsQuery } from '#lib/model/schemas/quality';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export async function listLimitSets({ query, principal }: HttpRequest<unknown, z.infer<typeof ListLimitSetsQuery>>) {
  return pageResult(await listLimitSetsUseCase(caller(principal), query));
}

export const handler = httpRoute(findRoute(qualityRoutes, 'listLimitSets'), listLimitSets);
