import { sensorsOfSite } from '#adapters/dynamodb/sensors-repository';
import { telemetryStore } from '#adapters/telemetry/telemetry-store';
import { getSite } from '#application/sites/get-site';
import type { Principal } from '#domain/principal';
import { latestOf } from '#domain/sensors';

/**
 * The latest reading of every sensor of a site. Steps:
 *   1. the site must be visible to the caller (another client's is NotFound);
 *   2. its sensors from the site index (a Query, no Scan);
 *   3. their latest readings from the store, in one call.
 */
export async function readSiteLatest(who: Principal, siteId: string): Promise<{ siteId: string; sensors: ReturnType<typeof latestOf>[] }> {
  const site = await getSite(who, siteId);
  const sensors = await sensorsOfSite(who.tenantId, site.id);
  const latest = sensors.length > 0 ? await telemetryStore.latest(who.tenantId, sensors.map((s) => s.id)) : new Map();
  return { siteId: site.id, sensors: sensors.map((s) => latestOf(s, latest.get(s.id))) };
}
