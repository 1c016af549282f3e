import { sensorsOfSite } from '#adapters/dynamodb/sensors-repository';
import { getSite } from '#adapters/dynamodb/sites-repository';
import { telemetryStore } from '#adapters/telemetry/telemetry-store';
import { latestOf } from '#domain/sensors';
import { canSeeSite } from '#domain/sites';
import { findRoute } from '#lib/model/find-route';
import { telemetryRoutes } from '#lib/model/routes/telemetry';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller, visibleOr404 } from '#http-stack/resources';

/**
 * Steps: the site must be visible to the caller; its sensors come from the site index
 * (a Query, no Scan); their latest readings from the store in one call.
 */
export async function getSiteLatest({ params, principal }: HttpRequest<{ id: string }>) {
  const who = caller(principal);
  const site = visibleOr404(await getSite(who.tenantId, params.id), (s) => canSeeSite(who, s), 'Site', params.id);
  const sensors = await sensorsOfSite(who.tenantId, site.id);
  const latest = sensors.length > 0 ? await telemetryStore.latest(who.tenantId, sensors.map((s) => s.id)) : new Map();
  return { status: 200, body: { siteId: site.id, sensors: sensors.map((s) => latestOf(s, latest.get(s.id))) } };
}

export const handler = httpRoute(findRoute(telemetryRoutes, 'getSiteLatest'), getSiteLatest);
