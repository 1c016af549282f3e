/**
 * Sensors in the application table. Keys:
 *   item         PK = T#t#SENSOR#<id>                SK = SENSOR
 *   all sensors  GSI1PK = T#t#SENSORS                GSI1SK = <id>
 *   by site      GSI2PK = T#t#SITE#<s>#SENSORS       GSI2SK = <id>
 *   by client    GSI3PK = T#t#CLIENT#<c>#SENSORS     GSI3SK = <id>
 *   directory    PK = SENSOR#<id>                    SK = SENSOR   { tenantId, siteId, clientId, kind, unit }
 *
 * The directory item is the one key outside any tenant, on purpose: a sensor id is the
 * device's IoT thing name, unique in the AWS account, so it is claimed globally (a code
 * taken in another tenant is a conflict), and a device message, which carries only its
 * sensor id, finds its tenant (and what validating and evaluating it needs) through it.
 * It is read by key only, and written in the same transaction as the sensor.
 */
import { BatchGetCommand, GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Sensor } from '#domain/sensors';
import type { SensorDirectory } from '#domain/telemetry/ingest';
import type { SensorFacts } from '#domain/telemetry/validation';
import { Conflict, NotFound, VersionConflict, ValidationFailed } from '#platform/errors';
import { assetKey } from './assets-repository';
import { documentClient, tableName, tenantKey } from './client';
import { failedConditions, withoutKeys } from './items';
import { entityRepository, listPartition, placementIndexes, placementPartition, writeIf, type TransactItem } from './entity-repository';
import type { Page } from './query-page';
import { sites } from './sites-repository';

export const sensorKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'SENSOR', id), SK: 'SENSOR' });
export const sensorDirectoryKey = (id: string) => ({ PK: `SENSOR#${id}`, SK: 'SENSOR' });

/** Attributes of the item that are not part of the domain object. */
const INTERNAL = ['certificateId'] as const;

const sensors = entityRepository<Sensor>()({
  entity: 'sensor',
  key: sensorKey,
  indexes: placementIndexes<Sensor>('SENSORS'),
  fromItem: (item) => {
    const sensor = withoutKeys<Record<string, unknown>>(item);
    for (const k of INTERNAL) delete sensor[k];
    return { ...(sensor as unknown as Sensor), lastReadingAt: (sensor.lastReadingAt as string | undefined) ?? null };
  },
});

const sensorItem = sensors.item;

/** What a device message needs to find: the sensor's tenant, site, client, kind and unit. */
export interface SensorDirectoryEntry {
  readonly sensorId: string;
  readonly tenantId: string;
  readonly siteId: string;
  readonly clientId: string | null;
  readonly kind: Sensor['kind'];
  readonly unit: string;
}

function directoryItem(tenantId: string, sensor: Sensor): Record<string, unknown> {
  return {
    ...sensorDirectoryKey(sensor.id),
    entity: 'sensor-directory',
    tenantId,
    siteId: sensor.siteId,
    clientId: sensor.clientId,
    kind: sensor.kind,
    unit: sensor.unit,
  };
}

/** The stored sensor with the id of its device certificate (to revoke it). */
export interface StoredSensor {
  readonly sensor: Sensor;
  readonly certificateId: string | undefined;
}

const siteExists = (tenantId: string, siteId: string): TransactItem => sites.transact.exists(tenantId, siteId);

const assetOnSite = (tenantId: string, assetId: string, siteId: string): TransactItem => ({
  ConditionCheck: {
    TableName: tableName,
    Key: assetKey(tenantId, assetId),
    ConditionExpression: 'attribute_exists(PK) AND siteId = :s',
    ExpressionAttributeValues: { ':s': siteId },
  },
});

const noSuchSite = (siteId: string) => new ValidationFailed('The site does not exist', [{ path: 'body.siteId', message: `no site ${siteId}` }]);
const noSuchAsset = (assetId: string, siteId: string) =>
  new ValidationFailed('The asset does not exist on that site', [{ path: 'body.assetId', message: `no asset ${assetId} on site ${siteId}` }]);

/**
 * Claims the sensor id globally and stores the sensor, in one transaction that also
 * checks its site (and asset on that site) still exist. 409 SENSOR_ID_TAKEN when the
 * code is registered already, in this tenant or another.
 */
export async function createSensor(tenantId: string, sensor: Sensor): Promise<void> {
  const items: TransactItem[] = [
    { Put: { TableName: tableName, Item: directoryItem(tenantId, sensor), ConditionExpression: 'attribute_not_exists(PK)' } },
    sensors.transact.create(tenantId, sensor),
    siteExists(tenantId, sensor.siteId),
    ...(sensor.assetId ? [assetOnSite(tenantId, sensor.assetId, sensor.siteId)] : []),
  ];
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    const failed = failedConditions(error);
    if (failed.has(0) || failed.has(1)) throw new Conflict(`A sensor with id ${sensor.id} is already registered`, 'SENSOR_ID_TAKEN');
    if (failed.has(2)) throw noSuchSite(sensor.siteId);
    throw noSuchAsset(sensor.assetId as string, sensor.siteId);
  }
}

/** Records the certificate of the device provisioned for a sensor (never the key). */
export async function setDeviceCertificate(tenantId: string, sensorId: string, certificateId: string): Promise<void> {
  await documentClient.send(
    new UpdateCommand({
      TableName: tableName,
      Key: sensorKey(tenantId, sensorId),
      UpdateExpression: 'SET certificateId = :c',
      ConditionExpression: 'attribute_exists(PK)',
      ExpressionAttributeValues: { ':c': certificateId },
    }),
  );
}

/** Removes a sensor and releases its id; used to undo a registration whose device could not be provisioned. */
export async function releaseSensor(tenantId: string, sensorId: string): Promise<void> {
  await documentClient.send(
    new TransactWriteCommand({
      TransactItems: [
        { Delete: { TableName: tableName, Key: sensorKey(tenantId, sensorId) } },
        { Delete: { TableName: tableName, Key: sensorDirectoryKey(sensorId), ConditionExpression: 'tenantId = :t', ExpressionAttributeValues: { ':t': tenantId } } },
      ],
    }),
  );
}

export async function getStoredSensor(tenantId: string, id: string): Promise<StoredSensor | undefined> {
  const item = await sensors.getItem(tenantId, id);
  if (!item) return undefined;
  return { sensor: sensors.fromItem(item), certificateId: typeof item.certificateId === 'string' ? item.certificateId : undefined };
}

export async function getSensor(tenantId: string, id: string): Promise<Sensor | undefined> {
  return (await getStoredSensor(tenantId, id))?.sensor;
}

export interface SensorQuery {
  readonly siteId?: string;
  /** Confines the list to one client's sensors. */
  readonly clientId?: string;
  readonly kind?: string;
  readonly limit: number;
  readonly cursor?: string;
}

export async function listSensors(tenantId: string, q: SensorQuery): Promise<Page<Sensor>> {
  const { partition, equals: placement } = placementPartition(sensors, tenantId, q, 'site');
  const equals = { kind: q.kind, ...placement };
  return listPartition(partition, { limit: q.limit, cursor: q.cursor, where: { equals } }, sensors.fromItem);
}

/** The most sensors `GET /v1/sites/{id}/latest` answers for one site. */
export const MAX_SENSORS_PER_SITE = 500;

/** Every sensor of a site (by the site index), up to {@link MAX_SENSORS_PER_SITE}. */
export async function sensorsOfSite(tenantId: string, siteId: string): Promise<Sensor[]> {
  const out: Sensor[] = [];
  let cursor: string | undefined;
  do {
    const page = await listSensors(tenantId, { siteId, limit: 100, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && out.length < MAX_SENSORS_PER_SITE);
  return out.slice(0, MAX_SENSORS_PER_SITE);
}

/**
 * Writes an edited sensor if it is still at `before.version`. An update expression, not
 * a Put, so `lastReadingAt`, which ingest moves outside the version, is never rolled back.
 * When the sensor moves, the new site (and asset) must still exist.
 */
export async function updateSensor(tenantId: string, before: Sensor, after: Sensor): Promise<void> {
  const item = sensorItem(tenantId, after);
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':readVersion': before.version };
  const sets: string[] = [];
  const removes: string[] = [];
  const skip = new Set(['PK', 'SK', 'id', 'createdAt', 'lastReadingAt']);
  for (const [k, v] of Object.entries(item)) {
    if (skip.has(k)) continue;
    names[`#${k}`] = k;
    values[`:${k}`] = v ?? null;
    sets.push(`#${k} = :${k}`);
  }
  if (!after.clientId) {
    names['#GSI3PK'] = 'GSI3PK';
    names['#GSI3SK'] = 'GSI3SK';
    removes.push('#GSI3PK', '#GSI3SK');
  }
  const items: TransactItem[] = [
    {
      Update: {
        TableName: tableName,
        Key: sensorKey(tenantId, after.id),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: 'version = :readVersion',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
  ];
  // The directory item follows the sensor (site and client), conditioned on its tenant.
  items.push({
    Put: { TableName: tableName, Item: directoryItem(tenantId, after), ConditionExpression: 'tenantId = :t', ExpressionAttributeValues: { ':t': tenantId } },
  });
  if (after.siteId !== before.siteId) items.push(siteExists(tenantId, after.siteId));
  if (after.assetId && (after.assetId !== before.assetId || after.siteId !== before.siteId)) items.push(assetOnSite(tenantId, after.assetId, after.siteId));
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    const failed = failedConditions(error);
    if (failed.has(0)) throw new VersionConflict('The sensor changed while it was being updated; read it again');
    if (failed.has(1)) throw new NotFound('Sensor', after.id);
    if (after.siteId !== before.siteId && failed.has(2)) throw noSuchSite(after.siteId);
    throw noSuchAsset(after.assetId as string, after.siteId);
  }
}

/** Deletes a sensor still at the version read, and releases its id. */
export async function deleteSensor(tenantId: string, sensor: Sensor): Promise<void> {
  try {
    await documentClient.send(
      new TransactWriteCommand({
        TransactItems: [
          sensors.transact.deleteVersion(tenantId, sensor.id, sensor.version),
          { Delete: { TableName: tableName, Key: sensorDirectoryKey(sensor.id), ConditionExpression: 'tenantId = :t', ExpressionAttributeValues: { ':t': tenantId } } },
        ],
      }),
    );
  } catch (error) {
    const failed = failedConditions(error);
    if (failed.has(0)) throw new VersionConflict('The sensor changed while it was being deleted; read it again');
    throw new NotFound('Sensor', sensor.id);
  }
}

/** The directory entry of a device (device messages carry only the sensor id). */
export async function findSensorDirectoryEntry(sensorId: string): Promise<SensorDirectoryEntry | undefined> {
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: sensorDirectoryKey(sensorId) }));
  return out.Item ? directoryEntryOf(sensorId, out.Item) : undefined;
}

/** The directory entries of the registered devices among `sensorIds` (unknown ones are absent), read in batches of 100 keys. */
export async function findSensorDirectoryEntries(sensorIds: readonly string[]): Promise<Map<string, SensorDirectoryEntry>> {
  const out = new Map<string, SensorDirectoryEntry>();
  const items = await batchGetItems([...new Set(sensorIds)].map(sensorDirectoryKey));
  for (const item of items) {
    const id = typeof item.PK === 'string' ? item.PK.slice('SENSOR#'.length) : '';
    const entry = directoryEntryOf(id, item);
    if (entry) out.set(id, entry);
  }
  return out;
}

function directoryEntryOf(sensorId: string, item: Record<string, unknown>): SensorDirectoryEntry | undefined {
  if (typeof item.tenantId !== 'string') return undefined;
  return {
    sensorId,
    tenantId: item.tenantId,
    siteId: item.siteId as string,
    clientId: (item.clientId as string | null | undefined) ?? null,
    kind: item.kind as Sensor['kind'],
    unit: item.unit as string,
  };
}

/** Kind and unit of the registered sensors among `ids`, read in batches of 100 keys. */
export async function sensorFactsOf(tenantId: string, ids: readonly string[]): Promise<Map<string, SensorFacts>> {
  const out = new Map<string, SensorFacts>();
  const items = await batchGetItems([...new Set(ids)].map((id) => sensorKey(tenantId, id)), { ProjectionExpression: 'id, kind, #u', ExpressionAttributeNames: { '#u': 'unit' } });
  for (const item of items) out.set(item.id as string, { kind: item.kind, unit: item.unit } as SensorFacts);
  return out;
}

/** The items of `keys` that exist, read in batches of 100 keys, unprocessed keys retried with backoff. */
async function batchGetItems(
  keys: readonly Record<string, unknown>[],
  projection: { ProjectionExpression?: string; ExpressionAttributeNames?: Record<string, string> } = {},
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let pending: Record<string, unknown>[] | undefined = keys.slice(i, i + 100);
    for (let attempt = 0; pending && pending.length > 0; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
      if (attempt === 8) throw new Error('sensor lookup: BatchGetItem kept returning unprocessed keys');
      const res = await documentClient.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ...projection } } }));
      found.push(...(res.Responses?.[tableName] ?? []));
      pending = res.UnprocessedKeys?.[tableName]?.Keys as Record<string, unknown>[] | undefined;
    }
  }
  return found;
}

/**
 * The newest `lastReadingAt` this execution environment knows to be stored, per sensor: a
 * replayed or late reading then costs no write at all (a refused condition still costs one).
 * Bounded; forgetting only means one more conditional write. (A sensor deleted and registered
 * again under the same code in the same environment may miss a touch for readings older than
 * its predecessor's last one: harmless, the next newer reading sets it.)
 */
const knownLastReading = new Map<string, number>();
const KNOWN_LAST_READING_MAX = 10_000;

/**
 * Moves `lastReadingAt` of each sensor forward to the instant given, if it is newer than
 * the stored one: one conditional update per sensor, and a refused condition (a newer
 * reading is already recorded, or the sensor is gone) is not an error.
 */
export async function touchSensors(tenantId: string, newest: ReadonlyMap<string, number>): Promise<void> {
  await Promise.all(
    [...newest].map(async ([id, ts]) => {
      const cacheKey = `${tenantId}#${id}`;
      if ((knownLastReading.get(cacheKey) ?? -1) >= ts) return;
      if (knownLastReading.size >= KNOWN_LAST_READING_MAX) knownLastReading.clear();
      // A refused condition (a newer reading is recorded, or the sensor is gone) is no error.
      const moved = await writeIf(
        new UpdateCommand({
          TableName: tableName,
          Key: sensorKey(tenantId, id),
          UpdateExpression: 'SET lastReadingAt = :t',
          ConditionExpression: 'attribute_exists(PK) AND (attribute_not_exists(lastReadingAt) OR lastReadingAt = :null OR lastReadingAt < :t)',
          ExpressionAttributeValues: { ':t': new Date(ts).toISOString(), ':null': null },
        }),
      );
      if (moved) knownLastReading.set(cacheKey, ts);
    }),
  );
}

/** The sensor registry as the ingest use case sees it. */
export const sensorDirectory: SensorDirectory = { facts: sensorFactsOf, touch: touchSensors };

/**
 * Whether a site has sensors (one Query of the site index, one key read). For the sites
 * routes: a site that changes client or is deleted must not leave sensors labelled with
 * its old client (see the telemetry note to the lead).
 */
export async function siteHasSensors(tenantId: string, siteId: string): Promise<boolean> {
  const page = await listSensors(tenantId, { siteId, limit: 1 });
  return page.items.length > 0;
}
