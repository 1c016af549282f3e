import { ulid } from 'ulid';
import { createLimitSet as saveSet } from '#adapters/dynamodb/limit-sets-repository';
import type { Principal } from '#domain/principal';
import { newLimitSet, tenantView, type LimitSetView, type NewLimitSet } from '#domain/quality/limit-sets';
import { checkStricter, scopeKind } from './limit-set-scope';
import { siteOfBody } from './quality-site';

/**
 * Creates a tenant's limit set. Steps:
 *   1. read its site, visible to the caller (400 otherwise): the set takes the site's client;
 *   2. when it is scoped to a sampling point, read the point: one of that site (400 otherwise);
 *   3. convert its limits to the parameters' canonical units and check each bound is at least
 *      as strict as the regulation in force today at that kind of point, or at every point
 *      of a site for a site-wide set (422 LIMIT_NOT_STRICTER, with each offending bound);
 *   4. store it (version 1).
 */
export async function createLimitSet(who: Principal, input: NewLimitSet, now: Date): Promise<LimitSetView> {
  const site = await siteOfBody(who, input.siteId);
  const kind = await scopeKind(who, site.id, input.samplingPointId);
  checkStricter(input.limits, kind, now);
  const set = newLimitSet(ulid(), input, site.clientId ?? null, now.toISOString());
  await saveSet(who.tenantId, set);
  return tenantView(set);
}
