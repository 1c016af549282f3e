import { ulid } from 'ulid';
import { createZone as saveZone } from '#adapters/dynamodb/zones-repository';
import { newZone, type NewZone, type Zone } from '#domain/leaks/zones';
import type { Principal } from '#domain/principal';
import { checkZoneSensors } from './zone-sensors';
import { clientOfZoneSite } from './zone-site';

/**
 * Creates a zone. Steps:
 *   1. read its site, when it names one (400 when there is none): the zone takes the site's client;
 *   2. check the sensors it names: each an existing sensor visible to the caller, meters
 *      measuring flow and pressure sensors pressure, of the zone's client (422 otherwise);
 *   3. build the zone (version 1);
 *   4. store it, with a check that its site still exists.
 */
export async function createZone(who: Principal, input: NewZone, now: Date): Promise<Zone> {
  const clientId = await clientOfZoneSite(who, input.siteId);
  await checkZoneSensors(who, { ...input, clientId });
  const zone = newZone(ulid(), input, clientId, now.toISOString());
  await saveZone(who.tenantId, zone);
  return zone;
}
