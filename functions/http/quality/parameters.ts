import { listParameters } from '#application/quality/list-parameters';
import { findRoute } from '#lib/model/find-route';
import { qualityRoutes } from '#lib/model/routes/quality';
import { httpRoute } from '#wiring/http-route';

/** `GET /v1/quality/parameters`: the catalogue with its built-in limits and their sources. */
export async function listQualityParameters() {
  return { status: 200, body: { data: listParameters() } };
}

export const handler = httpRoute(findRoute(qualityRoutes, 'listQualityParameters'), listQualityParameters);
