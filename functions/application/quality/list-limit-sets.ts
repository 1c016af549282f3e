import { listLimitSets as querySets } from '#adapters/dynamodb/limit-sets-repository';
import { confinedClientId, type Principal } from '#domain/principal';
import { BUILT_IN_LIMIT_SETS } from '#domain/quality/catalogue';
import { builtInView, tenantView, type LimitSetView } from '#domain/quality/limit-sets';

/**
 * Lists limit sets, a page at a time. Steps:
 *   1. confine a client user to their client's sets;
 *   2. read the page of the tenant's sets (of a site when `siteId` is given);
 *   3. on the first page (no cursor), put the built-in sets first: they apply everywhere.
 *      They come on top of `limit`, so a page holds at most `limit` + 2 sets.
 */
export async function listLimitSets(who: Principal, query: { siteId?: string; limit: number; cursor?: string }): Promise<{ items: LimitSetView[]; nextCursor: string | null }> {
  const clientId = confinedClientId(who);
  const page = await querySets(who.tenantId, { ...query, ...(clientId !== undefined ? { clientId } : {}) });
  const builtIns = query.cursor === undefined ? BUILT_IN_LIMIT_SETS.map(builtInView) : [];
  return { items: [...builtIns, ...page.items.map(tenantView)], nextCursor: page.nextCursor };
}
