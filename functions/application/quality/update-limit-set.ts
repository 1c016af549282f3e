import { putLimitSetVersion } from '#adapters/dynamodb/limit-sets-repository';
import type { Principal } from '#domain/principal';
import { applyLimitSetPatch, tenantView, type LimitSetPatch, type LimitSetView } from '#domain/quality/limit-sets';
import type { Change, VersionCheck } from '../visible';
import { tenantLimitSet } from './get-limit-set';
import { checkStricter, scopeKind } from './limit-set-scope';

/**
 * Changes a tenant's limit set (name, limits, alert settings; its scope stays). Steps:
 *   1. load the set visible to the caller (a built-in set: 409 BUILT_IN_LIMIT_SET; NotFound);
 *   2. check the caller's precondition on the version read (412);
 *   3. when the limits change, check them against the regulation for the set's scope (422);
 *   4. save it conditioned on the version read (409 when it changed meanwhile).
 */
export async function updateLimitSet(who: Principal, id: string, patch: LimitSetPatch, checkVersion: VersionCheck, now: Date): Promise<Change<LimitSetView>> {
  const set = await tenantLimitSet(who, id);
  checkVersion(set);
  if (patch.limits) checkStricter(patch.limits, await scopeKind(who, set.siteId, set.samplingPointId), now);
  const updated = applyLimitSetPatch(set, patch, now.toISOString());
  await putLimitSetVersion(who.tenantId, updated, set.version);
  return { before: tenantView(set), after: tenantView(updated) };
}
