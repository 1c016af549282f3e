import { getZone as loadZone } from '#adapters/dynamodb/zones-repository';
import { canSeeZone, type Zone } from '#domain/leaks/zones';
import type { Principal } from '#domain/principal';
import { NotFound } from '#platform/errors';

/**
 * Reads a zone. Steps:
 *   1. load it;
 *   2. answer it if the caller may see it (a zone of another client is NotFound, so its existence is not revealed).
 */
export async function getZone(who: Principal, id: string): Promise<Zone> {
  const zone = await loadZone(who.tenantId, id);
  if (!zone || !canSeeZone(who, zone)) throw new NotFound('Zone', id);
  return zone;
}
