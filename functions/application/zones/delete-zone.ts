import { deleteZone as removeZone } from '#adapters/dynamodb/zones-repository';
import type { Zone } from '#domain/leaks/zones';
import type { Principal } from '#domain/principal';
import type { VersionCheck } from '../visible';
import { getZone } from './get-zone';

/**
 * Deletes a zone. Steps:
 *   1. load the zone visible to the caller (NotFound);
 *   2. check the caller's precondition on the version read (412);
 *   3. delete it conditioned on that version (409 when it changed meanwhile) and on no
 *      asset naming it (409 ZONE_HAS_ASSETS: assets are moved or detached first, by the
 *      caller, rather than silently losing their zone).
 * Returns the zone as it was. Its sensors and their readings stay.
 */
export async function deleteZone(who: Principal, id: string, checkVersion: VersionCheck): Promise<Zone> {
  const zone = await getZone(who, id);
  checkVersion(zone);
  await removeZone(who.tenantId, zone.id, zone.version);
  return zone;
}
