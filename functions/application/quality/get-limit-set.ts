import { getLimitSet as loadSet } from '#adapters/dynamodb/limit-sets-repository';
import type { Principal } from '#domain/principal';
import { BUILT_IN_LIMIT_SETS } from '#domain/quality/catalogue';
import { builtInView, canSeeLimitSet, tenantView, type LimitSet, type LimitSetView } from '#domain/quality/limit-sets';
import { Conflict } from '#platform/errors';
import { visibleOrNotFound } from '../visible';

/**
 * Reads a limit set. Steps:
 *   1. a built-in set (EU DWD, WHO) is answered from the catalogue;
 *   2. otherwise load the tenant's set and answer it if the caller may see it (another client's is NotFound).
 */
export async function getLimitSet(who: Principal, id: string): Promise<LimitSetView> {
  const builtIn = BUILT_IN_LIMIT_SETS.find((s) => s.id === id);
  if (builtIn) return builtInView(builtIn);
  return tenantView(await tenantLimitSet(who, id));
}

/** A tenant's set the caller may see, for the changes: a built-in set is read-only (409 BUILT_IN_LIMIT_SET). */
export async function tenantLimitSet(who: Principal, id: string): Promise<LimitSet> {
  if (BUILT_IN_LIMIT_SETS.some((s) => s.id === id)) throw new Conflict(`${id} is a built-in limit set: it is read-only; add a stricter set of your own`, 'BUILT_IN_LIMIT_SET');
  return visibleOrNotFound(await loadSet(who.tenantId, id), (s) => canSeeLimitSet(who, s), 'LimitSet', id);
}
