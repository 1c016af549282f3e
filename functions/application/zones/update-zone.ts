import { putZoneVersion } from '#adapters/dynamodb/zones-repository';
import { applyZonePatch, type Zone, type ZonePatch } from '#domain/leaks/zones';
import type { Principal } from '#domain/principal';
import type { VersionCheck } from '../visible';
import { getZone } from './get-zone';
import { checkZoneSensors } from './zone-sensors';
import { clientOfZoneSite } from './zone-site';

/**
 * Changes a zone. Steps:
 *   1. load the zone visible to the caller (NotFound);
 *   2. check the caller's precondition on the version read (412);
 *   3. when it moves to another site (or to none), read that site: the zone takes its client;
 *   4. apply the patch;
 *   5. when its sensors or its client changed, check its sensors again (422);
 *   6. save it conditioned on the version read (409 when it changed meanwhile).
 */
export async function updateZone(who: Principal, id: string, patch: ZonePatch, checkVersion: VersionCheck, now: Date): Promise<{ before: Zone; after: Zone }> {
  const zone = await getZone(who, id);
  checkVersion(zone);
  const moving = patch.siteId !== undefined && patch.siteId !== zone.siteId;
  const clientId = moving ? await clientOfZoneSite(who, patch.siteId) : zone.clientId;
  const updated = applyZonePatch(zone, patch, clientId, now.toISOString());
  if (patch.meters || patch.pressureSensorIds || clientId !== zone.clientId) await checkZoneSensors(who, updated);
  await putZoneVersion(who.tenantId, updated, zone.version);
  return { before: zone, after: updated };
}
