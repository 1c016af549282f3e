/**
 * Zones (district metered areas) in the application table. Keys (all under the tenant):
 *   item         PK = T#t#ZONE#<id>                SK = ZONE
 *   all zones    GSI1PK = T#t#ZONES                GSI1SK = <id>
 *   by site      GSI2PK = T#t#SITE#<s>#ZONES       GSI2SK = <id>     (zones with a site)
 *   by client    GSI3PK = T#t#CLIENT#<c>#ZONES     GSI3SK = <id>     (zones whose site has a client)
 *   directory    PK = ZONE_DIRECTORY               SK = <tenant>#<id>
 *   asset count  PK = T#t#ZONE#<id>                SK = ZONE_ASSETS  (assetCount: assets naming the zone)
 *
 * The directory is the one partition across tenants, on purpose: the nightly leak detector
 * serves every tenant and must find every zone without a Scan (as the no-data schedule finds
 * its rules). It is written with the zone; an entry whose zone was deleted is dropped by the
 * detector when it finds the zone gone. Tenants are never read from it on a request path.
 *
 * The asset count is its own item, so a zone's Put never resets it; asset writes move it
 * in their transaction (with a check that the zone exists), and deleting a zone deletes
 * it in the same transaction on condition that it is zero: a zone that assets name
 * cannot be deleted (409 ZONE_HAS_ASSETS), even under concurrent writes.
 *
 * A zone's client is its site's, copied when the zone is written (as assets and sensors
 * do), so a client user's list is one query of the client's partition. Every write is
 * conditioned on the version read (optimistic concurrency); a zone on a site is written
 * with a check that the site still exists.
 */
import { DeleteCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Zone } from '#domain/leaks/zones';
import { Conflict, NotFound, ValidationFailed, VersionConflict } from '#platform/errors';
import { documentClient, tableName, tenantKey } from './client';
import { entityRepository, listPartition, partitionPages, placementIndexes, placementPartition, type TransactItem } from './entity-repository';
import { failedConditions, withoutKeys } from './items';
import type { Page } from './query-page';
import { sites } from './sites-repository';

export const zoneKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'ZONE', id), SK: 'ZONE' });

const zones = entityRepository<Zone>()({
  entity: 'zone',
  key: zoneKey,
  indexes: placementIndexes<Zone>('ZONES'),
  // Zones written before transient limits existed carry none.
  fromItem: (item) => {
    const stored = withoutKeys<Zone>(item);
    return { ...stored, transientLimitM: stored.transientLimitM ?? null };
  },
});

const zoneAssetsKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'ZONE', id), SK: 'ZONE_ASSETS' });

/**
 * The transaction items of an asset joining (+1) or leaving (-1) a zone: joining checks
 * that the zone exists (the check comes first, so a refusal of item `i` of the returned
 * items is the zone being gone).
 */
export function zoneAssetCount(tenantId: string, zoneId: string, delta: 1 | -1): TransactItem[] {
  const count: TransactItem = {
    Update: { TableName: tableName, Key: zoneAssetsKey(tenantId, zoneId), UpdateExpression: 'ADD assetCount :d', ExpressionAttributeValues: { ':d': delta } },
  };
  return delta === 1 ? [zones.transact.exists(tenantId, zoneId), count] : [count];
}

const noSuchSite = (siteId: string) => new ValidationFailed('The site does not exist', [{ path: 'body.siteId', message: `no site ${siteId}` }]);

const DIRECTORY = 'ZONE_DIRECTORY';
const directoryKey = (tenantId: string, id: string) => ({ PK: DIRECTORY, SK: `${tenantId}#${id}` });

/** Writes the zone's item (and more items of the same transaction) with, for a zone on a site, the check that the site still exists. */
async function writeZone(tenantId: string, zone: Zone, write: TransactItem, more: readonly TransactItem[] = []): Promise<void> {
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: [write, ...more, ...(zone.siteId ? [sites.transact.exists(tenantId, zone.siteId)] : [])] }));
  } catch (error) {
    const failed = failedConditions(error); // rethrows anything but a refused condition
    if (failed.has(0)) throw new VersionConflict('The zone changed while it was being written; read it again');
    throw noSuchSite(zone.siteId as string);
  }
}

export const createZone = (tenantId: string, zone: Zone): Promise<void> =>
  writeZone(tenantId, zone, zones.transact.create(tenantId, zone), [{ Put: { TableName: tableName, Item: { ...directoryKey(tenantId, zone.id), entity: 'zone-directory', tenantId, zoneId: zone.id } } }]);

/** Replaces a zone if it still has the version it was read at. */
export const putZoneVersion = (tenantId: string, zone: Zone, readVersion: number): Promise<void> => writeZone(tenantId, zone, zones.transact.putVersion(tenantId, zone, readVersion));

export const getZone = (tenantId: string, id: string): Promise<Zone | undefined> => zones.get(tenantId, id);

export interface ZoneQuery {
  readonly siteId?: string;
  /** Only this client's zones (client users are confined to theirs). */
  readonly clientId?: string;
  readonly limit: number;
  readonly cursor?: string;
}

/** A page of zones: of a site (filtered by client when both are given), of a client, or all. */
export async function listZones(tenantId: string, query: ZoneQuery): Promise<Page<Zone>> {
  const { partition, equals } = placementPartition(zones, tenantId, query, 'site');
  return listPartition(partition, { limit: query.limit, cursor: query.cursor, where: { equals } }, zones.fromItem);
}

/**
 * Deletes a zone if it is still at the version read and no asset names it, with its asset
 * count (VersionConflict when it changed, NotFound when gone, Conflict ZONE_HAS_ASSETS).
 */
export async function deleteZone(tenantId: string, id: string, readVersion: number): Promise<void> {
  const unused: TransactItem = {
    Delete: {
      TableName: tableName,
      Key: zoneAssetsKey(tenantId, id),
      ConditionExpression: 'attribute_not_exists(PK) OR assetCount <= :zero',
      ExpressionAttributeValues: { ':zero': 0 },
    },
  };
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: [zones.transact.deleteVersion(tenantId, id, readVersion), unused] }));
  } catch (error) {
    const failed = failedConditions(error);
    if (failed.has(1)) throw new Conflict('Assets lie in this zone: move them to another zone (or clear their zoneId) first', 'ZONE_HAS_ASSETS');
    if (!(await zones.get(tenantId, id))) throw new NotFound('Zone', id);
    throw new VersionConflict('The zone changed while it was being deleted; read it again');
  }
}

/** Every zone of every tenant, as the directory lists them (for the nightly leak detector). */
export async function* zoneDirectory(): AsyncGenerator<{ tenantId: string; zoneId: string }> {
  for await (const page of partitionPages({ index: 'table', value: DIRECTORY })) {
    for (const item of page) yield { tenantId: item.tenantId as string, zoneId: item.zoneId as string };
  }
}

/** Drops the directory entry of a zone found deleted. */
export async function forgetZoneInDirectory(tenantId: string, zoneId: string): Promise<void> {
  await documentClient.send(new DeleteCommand({ TableName: tableName, Key: directoryKey(tenantId, zoneId) }));
}
