/**
 * Tenants' water-quality limit sets in the application table (the built-in sets, EU DWD and
 * WHO, are data of `#domain/quality/catalogue`, never stored). Keys (all under the tenant):
 *   item         PK = T#t#LIMIT_SET#<id>                SK = LIMIT_SET
 *   all sets     GSI1PK = T#t#LIMIT_SETS                GSI1SK = <id>
 *   by site      GSI2PK = T#t#SITE#<s>#LIMIT_SETS       GSI2SK = <id>   (a point's set is listed under its site)
 *   by client    GSI3PK = T#t#CLIENT#<c>#LIMIT_SETS     GSI3SK = <id>
 * Writes are conditioned on the version read.
 */
import type { LimitSet } from '#domain/quality/limit-sets';
import { tenantKey } from './client';
import { entityRepository, listPartition, placementIndexes, placementPartition } from './entity-repository';
import type { Page } from './query-page';

export const limitSetKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'LIMIT_SET', id), SK: 'LIMIT_SET' });

const sets = entityRepository<LimitSet>()({ entity: 'limit-set', key: limitSetKey, indexes: placementIndexes<LimitSet>('LIMIT_SETS') });

export const createLimitSet = sets.create;
export const getLimitSet = (tenantId: string, id: string): Promise<LimitSet | undefined> => sets.get(tenantId, id);
export const putLimitSetVersion = sets.putVersion;
export const deleteLimitSet = (tenantId: string, id: string, readVersion: number): Promise<void> => sets.deleteVersion(tenantId, id, readVersion);

export async function listLimitSets(tenantId: string, query: { siteId?: string; clientId?: string; limit: number; cursor?: string }): Promise<Page<LimitSet>> {
  const { partition, equals } = placementPartition(sets, tenantId, query, 'site');
  return listPartition(partition, { limit: query.limit, cursor: query.cursor, where: { equals } }, sets.fromItem);
}

/** Every set of a site, its points' included (what decides the limits at any of its points). */
export const limitSetsOfSite = (tenantId: string, siteId: string): Promise<LimitSet[]> => sets.all(tenantId, 'bySite', siteId, {}, 1000);
