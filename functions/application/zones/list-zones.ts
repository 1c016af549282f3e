import { listZones as queryZones } from '#adapters/dynamodb/zones-repository';
import type { Zone } from '#domain/leaks/zones';
import { confinedClientId, type Principal } from '#domain/principal';

/**
 * Lists zones, a page at a time. Steps:
 *   1. confine a client user to their client's zones, whichever filters they pass;
 *   2. read the page (of a site when `siteId` is given).
 */
export async function listZones(who: Principal, query: { siteId?: string; limit: number; cursor?: string }): Promise<{ items: Zone[]; nextCursor: string | null }> {
  const clientId = confinedClientId(who);
  return queryZones(who.tenantId, { ...query, ...(clientId !== undefined ? { clientId } : {}) });
}
