import type * as z from 'zod';
import { listSamplingPoints as listSamplingPointsUseCase } from '#application/quality/list-sampling-points';
import { caller, pageResult } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { qualityRoutes } from '#lib/model/routes/quality';
import type { ListSamplingPointsQuery } from '#lib/model/schemas/quality';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export async function listSamplingPoints({ query, principal }: HttpRequest<unknown, z.infer<typeof ListSamplingPointsQuery>>) {
  return pageResult(await listSamplingPointsUseCase(caller(principal), query));
}

export const handler = httpRoute(findRoute(qualityRoutes, 'listSamplingPoints'), listSamplingPoints);
