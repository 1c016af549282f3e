import { readSiteLatest } from '#application/telemetry/read-site-latest';
import { findRoute } from '#lib/model/find-route';
import { telemetryRoutes } from '#lib/model/routes/telemetry';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';

/** The latest reading of each of a visible site's sensors. */
export async function getSiteLatest({ params, principal }: HttpRequest<{ id: string }>) {
  return { status: 200, body: await readSiteLatest(caller(principal), params.id) };
}

export const handler = httpRoute(findRoute(telemetryRoutes, 'getSiteLatest'), getSiteLatest);
