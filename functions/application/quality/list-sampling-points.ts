import { listSamplingPoints as queryPoints } from '#adapters/dynamodb/sampling-points-repository';
import { confinedClientId, type Principal } from '#domain/principal';
import type { SamplingPoint } from '#domain/quality/sampling-points';

/**
 * Lists sampling points, a page at a time. Steps:
 *   1. confine a client user to their client's points;
 *   2. read the page (of a site when `siteId` is given).
 */
export async function listSamplingPoints(who: Principal, query: { siteId?: string; limit: number; cursor?: string }): Promise<{ items: SamplingPoint[]; nextCursor: string | null }> {
  const clientId = confinedClientId(who);
  return queryPoints(who.tenantId, { ...query, ...(clientId !== undefined ? { clientId } : {}) });
}
