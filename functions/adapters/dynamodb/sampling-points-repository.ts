/**
 * Sampling points of water quality in the application table. Keys (all under the tenant):
 *   item         PK = T#t#SAMPLING_POINT#<id>               SK = SAMPLING_POINT
 *   all points   GSI1PK = T#t#SAMPLING_POINTS               GSI1SK = <id>
 *   by site      GSI2PK = T#t#SITE#<s>#SAMPLING_POINTS      GSI2SK = <id>
 *   by client    GSI3PK = T#t#CLIENT#<c>#SAMPLING_POINTS    GSI3SK = <id>   (points of a client's site)
 *
 * A point's client is its site's, copied when it is written (as assets and zones do), so a
 * client user's list is one query. Writes are conditioned on the version read; a new point
 * is written with a check that its site still exists.
 */
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { SamplingPoint } from '#domain/quality/sampling-points';
import { ValidationFailed, VersionConflict } from '#platform/errors';
import { documentClient, tenantKey } from './client';
import { entityRepository, listPartition, placementIndexes, placementPartition } from './entity-repository';
import { failedConditions } from './items';
import type { Page } from './query-page';
import { sites } from './sites-repository';

export const samplingPointKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'SAMPLING_POINT', id), SK: 'SAMPLING_POINT' });

const points = entityRepository<SamplingPoint>()({ entity: 'sampling-point', key: samplingPointKey, indexes: placementIndexes<SamplingPoint>('SAMPLING_POINTS') });

/** Stores a new point with the check that its site still exists (400 on `body.siteId` otherwise). */
export async function createSamplingPoint(tenantId: string, point: SamplingPoint): Promise<void> {
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: [points.transact.create(tenantId, point), sites.transact.exists(tenantId, point.siteId)] }));
  } catch (error) {
    const failed = failedConditions(error);
    if (failed.has(0)) throw new VersionConflict('The sampling point changed while it was being written; read it again');
    throw new ValidationFailed('The site does not exist', [{ path: 'body.siteId', message: `no site ${point.siteId}` }]);
  }
}

export const getSamplingPoint = (tenantId: string, id: string): Promise<SamplingPoint | undefined> => points.get(tenantId, id);

export const putSamplingPointVersion = (tenantId: string, point: SamplingPoint, readVersion: number): Promise<void> => points.putVersion(tenantId, point, readVersion);

export const deleteSamplingPoint = (tenantId: string, id: string, readVersion: number): Promise<void> => points.deleteVersion(tenantId, id, readVersion);

/** A page of points: of a site (filtered by client when both are given), of a client, or all. */
export async function listSamplingPoints(tenantId: string, query: { siteId?: string; clientId?: string; limit: number; cursor?: string }): Promise<Page<SamplingPoint>> {
  const { partition, equals } = placementPartition(points, tenantId, query, 'site');
  return listPartition(partition, { limit: query.limit, cursor: query.cursor, where: { equals } }, points.fromItem);
}

/** Every point of a site (a site has a handful; at most 1000 are read). */
export const samplingPointsOfSite = (tenantId: string, siteId: string): Promise<SamplingPoint[]> => points.all(tenantId, 'bySite', siteId, {}, 1000);
