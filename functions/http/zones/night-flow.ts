import type * as z from 'zod';
import { getZoneNightFlow as getZoneNightFlowUseCase, nightFlowAnswer } from '#application/zones/get-zone-night-flow';
import { findRoute } from '#lib/model/find-route';
import { zonesRoutes } from '#lib/model/routes/zones';
import type { NightFlowQuery } from '#lib/model/schemas/zones';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

export async function getZoneNightFlow({ params, query, principal }: HttpRequest<{ id: string }, z.infer<typeof NightFlowQuery>>) {
  const instant = (v: string | undefined) => (v === undefined ? undefined : Date.parse(v));
  const flow = await getZoneNightFlowUseCase(caller(principal), params.id, { from: instant(query.from), to: instant(query.to) }, new Date());
  return { status: 200, body: nightFlowAnswer(flow) };
}

export const handler = httpRoute(findRoute(zonesRoutes, 'getZoneNightFlow'), getZoneNightFlow);
