/**
 * Zones (district metered areas) in the application table. Keys (all under the tenant):
 *   item         PK = T#t#ZONE#<id>                SK = ZONE
 *   all zones    GSI1PK = T#t#ZONES                GSI1SK = <id>
 *   by site      GSI2PK = T#t#SITE#<s>#ZONES       GSI2SK = <id>     (zones with a site)
 *   by client    GSI3PK = T#t#CLIENT#<c>#ZONES     GSI3SK = <id>     (zones whose site has a client)
 *
 * A zone's client is its site's, copied when the zone is written (as assets and sensors
 * do), so a client user's list is one query of the client's partition. Every write is
 * conditioned on the version read (optimistic concurrency); a zone on a site is written
 * with a check that the site still exists.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Zone } from '#domain/leaks/zones';
import { ValidationFailed, VersionConflict } from '#platform/errors';
import { documentClient, tableName, tenantKey } from './client';
import { failedConditions, withoutKeys } from './items';
import { queryPage, type Page } from './query-page';
import { siteKey } from './sites-repository';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const zoneKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'ZONE', id), SK: 'ZONE' });
const allZones = (tenantId: string) => tenantKey(tenantId, 'ZONES');
const zonesOfSite = (tenantId: string, siteId: string) => tenantKey(tenantId, 'SITE', siteId, 'ZONES');
const zonesOfClient = (tenantId: string, clientId: string) => tenantKey(tenantId, 'CLIENT', clientId, 'ZONES');

function zoneItem(tenantId: string, zone: Zone): Record<string, unknown> {
  return {
    ...zoneKey(tenantId, zone.id),
    entity: 'zone',
    GSI1PK: allZones(tenantId),
    GSI1SK: zone.id,
    ...(zone.siteId ? { GSI2PK: zonesOfSite(tenantId, zone.siteId), GSI2SK: zone.id } : {}),
    ...(zone.clientId ? { GSI3PK: zonesOfClient(tenantId, zone.clientId), GSI3SK: zone.id } : {}),
    ...zone,
  };
}

const siteExists = (tenantId: string, siteId: string): TransactItem => ({
  ConditionCheck: { TableName: tableName, Key: siteKey(tenantId, siteId), ConditionExpression: 'attribute_exists(PK)' },
});

const noSuchSite = (siteId: string) => new ValidationFailed('The site does not exist', [{ path: 'body.siteId', message: `no site ${siteId}` }]);

/** Writes a zone (new when `readVersion` is undefined), checking its site still exists. */
async function putZone(tenantId: string, zone: Zone, readVersion: number | undefined): Promise<void> {
  const put: TransactItem = {
    Put: {
      TableName: tableName,
      Item: zoneItem(tenantId, zone),
      ...(readVersion === undefined
        ? { ConditionExpression: 'attribute_not_exists(PK)' }
        : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': readVersion } }),
    },
  };
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: [put, ...(zone.siteId ? [siteExists(tenantId, zone.siteId)] : [])] }));
  } catch (error) {
    const failed = failedConditions(error);
    if (failed.has(0)) throw new VersionConflict('The zone changed while it was being written; read it again');
    throw noSuchSite(zone.siteId as string);
  }
}

export const createZone = (tenantId: string, zone: Zone): Promise<void> => putZone(tenantId, zone, undefined);

/** Replaces a zone if it still has the version it was read at. */
export const putZoneVersion = (tenantId: string, zone: Zone, readVersion: number): Promise<void> => putZone(tenantId, zone, readVersion);

export async function getZone(tenantId: string, id: string): Promise<Zone | undefined> {
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: zoneKey(tenantId, id) }));
  return out.Item ? withoutKeys<Zone>(out.Item) : undefined;
}

export interface ZoneQuery {
  readonly siteId?: string;
  /** Only this client's zones (client users are confined to theirs). */
  readonly clientId?: string;
  readonly limit: number;
  readonly cursor?: string;
}

/** A page of zones: of a site (filtered by client when both are given), of a client, or all. */
export async function listZones(tenantId: string, query: ZoneQuery): Promise<Page<Zone>> {
  const partition = query.siteId
    ? { index: 'GSI2', partitionAttribute: 'GSI2PK', partitionValue: zonesOfSite(tenantId, query.siteId), filters: { clientId: query.clientId } }
    : query.clientId
      ? { index: 'GSI3', partitionAttribute: 'GSI3PK', partitionValue: zonesOfClient(tenantId, query.clientId) }
      : { index: 'GSI1', partitionAttribute: 'GSI1PK', partitionValue: allZones(tenantId) };
  return queryPage({ tableName, ...partition, limit: query.limit, cursor: query.cursor }, (item) => withoutKeys<Zone>(item));
}

/** Deletes a zone if it is still at the version read. */
export async function deleteZone(tenantId: string, id: string, readVersion: number): Promise<void> {
  try {
    await documentClient.send(
      new DeleteCommand({
        TableName: tableName,
        Key: zoneKey(tenantId, id),
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ':v': readVersion },
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new VersionConflict('The zone changed while it was being deleted; read it again');
    throw error;
  }
}
