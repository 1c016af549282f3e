import { deleteLimitSet as removeSet } from '#adapters/dynamodb/limit-sets-repository';
import type { Principal } from '#domain/principal';
import { tenantView, type LimitSetView } from '#domain/quality/limit-sets';
import type { VersionCheck } from '../visible';
import { tenantLimitSet } from './get-limit-set';

/**
 * Deletes a tenant's limit set. Steps:
 *   1. load the set visible to the caller (a built-in set: 409 BUILT_IN_LIMIT_SET; NotFound);
 *   2. check the caller's precondition on the version read (412);
 *   3. delete it conditioned on that version. Exceedances judged by it keep the limit they were judged by.
 */
export async function deleteLimitSet(who: Principal, id: string, checkVersion: VersionCheck): Promise<LimitSetView> {
  const set = await tenantLimitSet(who, id);
  checkVersion(set);
  await removeSet(who.tenantId, set.id, set.version);
  return tenantView(set);
}
