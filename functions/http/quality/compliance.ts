import type * as z from 'zod';
import { getCompliance } from '#application/quality/get-compliance';
import { caller } from '#http-stack/resources';
import { findRoute } from '#lib/model/find-route';
import { qualityRoutes } from '#lib/model/routes/quality';
import type { ComplianceQuery } from '#lib/model/schemas/quality';
import { httpRoute, type HttpRequest } from '#wiring/http-route';

/** `GET /v1/quality/compliance?siteId&from&to`. */
export async function getQualityCompliance({ query, principal }: HttpRequest<unknown, z.infer<typeof ComplianceQuery>>) {
  const instant = (v: string | undefined) => (v === undefined ? undefined : Date.parse(v));
  const { from, to, rows } = await getCompliance(caller(principal), { siteId: query.siteId, from: instant(query.from), to: instant(query.to) }, new Date());
  return { status: 200, body: { siteId: query.siteId, from: new Date(from).toISOString(), to: new Date(to).toISOString(), parameters: rows } };
}

export const handler = httpRoute(findRoute(qualityRoutes, 'getQualityCompliance'), getQualityCompliance);
