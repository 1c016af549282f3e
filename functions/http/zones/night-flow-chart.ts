import type * as z from 'zod';
import { getZoneNightFlowChart as getZoneNightFlowChartUseCase } from '#application/zones/get-zone-night-flow-chart';
import { findRoute } from '#lib/model/find-route';
import { zonesRoutes } from '#lib/model/routes/zones';
import type { NightFlowQuery } from '#lib/model/schemas/zones';
import { httpRoute, type HttpRequest, type HttpResult } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** The night line, legitimate use, detection threshold and leak events of a zone, as SVG. */
export async function getZoneNightFlowChart({ params, query, principal }: HttpRequest<{ id: string }, z.infer<typeof NightFlowQuery>>): Promise<HttpResult> {
  const instant = (v: string | undefined) => (v === undefined ? undefined : Date.parse(v));
  const svg = await getZoneNightFlowChartUseCase(caller(principal), params.id, { from: instant(query.from), to: instant(query.to) }, new Date());
  return { status: 200, rawBody: { contentType: 'image/svg+xml', text: svg } };
}

export const handler = httpRoute(findRoute(zonesRoutes, 'getZoneNightFlowChart'), getZoneNightFlowChart);
