import type { z } from 'zod';
import { rankWorkOrderCandidates } from '#application/work-orders/rank-work-order-candidates';
import { caller } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { workOrdersRoutes } from '#lib/model/routes/work-orders';
import type { IdParams } from '#lib/model/schemas/common';
import type { CandidatesQuery } from '#lib/model/schemas/schedule';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

export async function listWorkOrderCandidates({ params, query, principal }: HttpRequest<z.infer<typeof IdParams>, z.infer<typeof CandidatesQuery>>) {
  const { slot, ranked } = await rankWorkOrderCandidates(caller(principal), params.id, query);
  return { status: 200, body: { slot, data: ranked } };
}

export const handler = httpRoute(findRoute(workOrdersRoutes, 'listWorkOrderCandidates'), listWorkOrderCandidates);
