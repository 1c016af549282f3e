import { getZone as loadZone } from '#adapters/dynamodb/zones-repository';
import { canSeeZone, type Zone } from '#domain/leaks/zones';
import type { Principal } from '#domain/principal';
import { visibleOrNotFound } from '../visible';

/**
 * Reads a zone. Steps:
 *   1. load it;
 *   2. answer it if the caller may see it (a zone of another client is NotFound, so its existence is not revealed).
 */
export async function getZone(who: Principal, id: string): Promise<Zone> {
  return visibleOrNotFound(await loadZone(who.tenantId, id), (zone) => canSeeZone(who, zone), 'Zone', id);
}
