/**
 * Assets in the application table. Keys (all under the tenant):
 *   item            PK = T#t#ASSET#<id>              SK = ASSET
 *   all assets      GSI1PK = T#t#ASSETS               GSI1SK = <id>
 *   by site         GSI2PK = T#t#SITE#<s>#ASSETS      GSI2SK = <id>
 *   by client       GSI3PK = T#t#CLIENT#<c>#ASSETS    GSI3SK = <id>
 *   serial number   PK = T#t#ASSET_SERIAL#<SERIAL>    SK = ASSET_SERIAL (uniqueness guard)
 * Every write goes through one transaction with the serial guard and the site's
 * asset counter, so uniqueness and "a site with assets cannot be deleted" hold
 * under concurrency; an asset in a zone also moves the zone's asset count (with a
 * check that the zone exists, see zones-repository.ts), and one with a parent checks
 * that the parent still exists.
 *
 * Filters `zoneId` and `parentAssetId` are filters over the chosen partition (all, a
 * site's or a client's assets), as `status` and `type` are: a site's partition holds
 * every child of its assets, so `?siteId=&parentAssetId=` reads one site's assets; a
 * zone-wide list reads the tenant's (or the client's) assets. An index per zone or per
 * parent would cost two more GSIs on the one table for lists that the partitions above
 * serve at network sizes (hundreds of assets per site).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Asset } from '#domain/assets';
import type { Site } from '#domain/sites';
import { Conflict, NotFound, Unprocessable, VersionConflict, ValidationFailed } from '#platform/errors';
import { documentClient, tableName, tenantKey } from './client';
import { entityRepository, listPartition, placementIndexes, placementPartition, type TransactItem } from './entity-repository';
import { failedConditions, withoutKeys } from './items';
import type { Page } from './query-page';
import { siteItem, siteKey } from './sites-repository';
import { zoneAssetCount } from './zones-repository';

export const assetKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'ASSET', id), SK: 'ASSET' });
const serialKey = (tenantId: string, serial: string) => ({ PK: tenantKey(tenantId, 'ASSET_SERIAL', serial.toUpperCase()), SK: 'ASSET_SERIAL' });

const assets = entityRepository<Asset>()({
  entity: 'asset',
  key: assetKey,
  indexes: placementIndexes<Asset>('ASSETS'),
  // Assets written before zones and pipes have none of these attributes.
  fromItem: (item) => {
    const stored = withoutKeys<Asset>(item);
    return { ...stored, zoneId: stored.zoneId ?? null, parentAssetId: stored.parentAssetId ?? null, pipe: stored.pipe ?? null };
  },
});

/** Why an asset's transaction was refused at an item that is not its own or its guards'. */
type Reference = { readonly at: number; readonly error: () => Error };

/** The items that keep an asset's zone count and parent reference true, and what a refusal of each means. */
function referenceItems(tenantId: string, before: Asset | undefined, after: Asset | undefined, offset: number): { items: TransactItem[]; refs: Reference[] } {
  const items: TransactItem[] = [];
  const refs: Reference[] = [];
  const from = before?.zoneId ?? null;
  const to = after?.zoneId ?? null;
  if (from !== to) {
    if (from) items.push(...zoneAssetCount(tenantId, from, -1));
    if (to) {
      refs.push({ at: offset + items.length, error: () => new Unprocessable(`No zone ${to}`, 'UNKNOWN_ZONE') });
      items.push(...zoneAssetCount(tenantId, to, 1));
    }
  }
  const parent = after?.parentAssetId ?? null;
  if (parent && parent !== (before?.parentAssetId ?? null)) {
    refs.push({ at: offset + items.length, error: () => new Unprocessable(`No asset ${parent}`, 'UNKNOWN_PARENT_ASSET') });
    items.push(assets.transact.exists(tenantId, parent));
  }
  return { items, refs };
}

const referenceError = (refs: readonly Reference[], index: number): Error | undefined => refs.find((r) => r.at === index)?.error();

const countOnSite = (tenantId: string, siteId: string, delta: 1 | -1): TransactItem => ({
  Update: {
    TableName: tableName,
    Key: siteKey(tenantId, siteId),
    UpdateExpression: 'ADD assetCount :d',
    ConditionExpression: 'attribute_exists(PK)',
    ExpressionAttributeValues: { ':d': delta },
  },
});

const claimSerial = (tenantId: string, asset: Asset): TransactItem => ({
  Put: {
    TableName: tableName,
    Item: { ...serialKey(tenantId, asset.serialNumber), entity: 'asset-serial', assetId: asset.id },
    ConditionExpression: 'attribute_not_exists(PK)',
  },
});

const releaseSerial = (tenantId: string, asset: Asset): TransactItem => ({
  Delete: { TableName: tableName, Key: serialKey(tenantId, asset.serialNumber) },
});

async function transact(items: TransactItem[], explain: (failedIndex: number, item: Record<string, unknown> | undefined) => Error): Promise<void> {
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    const [first] = failedConditions(error);
    throw explain(first![0], first![1]);
  }
}

const serialTaken = (serial: string) =>
  new Conflict(`Serial number ${serial} is already used by another asset`, 'DUPLICATE_SERIAL_NUMBER');
const siteGone = (siteId: string) => new ValidationFailed('The site does not exist', [{ path: 'body.siteId', message: `no site ${siteId}` }]);

export async function createAsset(tenantId: string, asset: Asset): Promise<void> {
  const { items, refs } = referenceItems(tenantId, undefined, asset, 3);
  await transact(
    [assets.transact.create(tenantId, asset), claimSerial(tenantId, asset), countOnSite(tenantId, asset.siteId, 1), ...items],
    (index) => referenceError(refs, index) ?? (index === 1 ? serialTaken(asset.serialNumber) : index === 2 ? siteGone(asset.siteId) : new Conflict('The asset already exists')),
  );
}

/**
 * The asset. `consistent` for a read that a conditional write on its version follows (a
 * retried read-modify-write); plain reads, the API's GET among them, read eventually
 * consistently at half the cost.
 */
export const getAsset = (tenantId: string, id: string, { consistent = false } = {}): Promise<Asset | undefined> => assets.get(tenantId, id, { consistent });

/**
 * The write of an asset's maintenance dates (`lastMaintenanceAt`, `nextMaintenanceAt`) if
 * it is still at `before.version`, as an item of another aggregate's transaction (a work
 * order's completion). Nothing else of the asset changes, so no guard or counter moves.
 */
export function assetScheduleUpdate(tenantId: string, before: Asset, after: Asset): TransactItem & { Update: UpdateCommandInput } {
  return {
    Update: {
      TableName: tableName,
      Key: assetKey(tenantId, before.id),
      UpdateExpression: 'SET lastMaintenanceAt = :last, nextMaintenanceAt = :next, version = :nv, updatedAt = :now',
      ConditionExpression: 'version = :v',
      ExpressionAttributeValues: { ':last': after.lastMaintenanceAt, ':next': after.nextMaintenanceAt, ':nv': after.version, ':now': after.updatedAt, ':v': before.version },
    },
  };
}

/** Writes an asset's maintenance dates alone; false when the asset changed (or went) since it was read. */
export async function updateAssetSchedule(tenantId: string, before: Asset, after: Asset): Promise<boolean> {
  try {
    await documentClient.send(new UpdateCommand(assetScheduleUpdate(tenantId, before, after).Update));
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

export interface AssetQuery {
  readonly siteId?: string;
  /** Confines the list to one client's assets. */
  readonly clientId?: string;
  readonly status?: string;
  readonly type?: string;
  readonly zoneId?: string;
  readonly parentAssetId?: string;
  readonly limit: number;
  readonly cursor?: string;
}

export async function listAssets(tenantId: string, q: AssetQuery): Promise<Page<Asset>> {
  const { partition, equals: placement } = placementPartition(assets, tenantId, q, 'site');
  const equals = { status: q.status, type: q.type, zoneId: q.zoneId, parentAssetId: q.parentAssetId, ...placement };
  return listPartition(partition, { limit: q.limit, cursor: q.cursor, where: { equals } }, assets.fromItem);
}

/**
 * Writes a changed asset if it is still at `before.version`, moving its serial
 * guard and its site counters when those changed. `newSite` is the site it moves
 * to, read by the caller; the write fails if that site changed meanwhile.
 */
export async function updateAsset(tenantId: string, before: Asset, after: Asset, newSite?: Site): Promise<void> {
  const items: TransactItem[] = [assets.transact.putVersion(tenantId, after, before.version)];
  const serialChanged = before.serialNumber.toUpperCase() !== after.serialNumber.toUpperCase();
  if (serialChanged) items.push(claimSerial(tenantId, after), releaseSerial(tenantId, before));
  if (newSite && newSite.id !== before.siteId) {
    items.push(countOnSite(tenantId, before.siteId, -1), {
      Update: {
        TableName: tableName,
        Key: siteKey(tenantId, newSite.id),
        UpdateExpression: 'ADD assetCount :d',
        ConditionExpression: 'version = :sv',
        ExpressionAttributeValues: { ':d': 1, ':sv': newSite.version },
      },
    });
  }
  const references = referenceItems(tenantId, before, after, items.length);
  items.push(...references.items);
  await transact(items, (index) => {
    const referenceRefused = referenceError(references.refs, index);
    if (referenceRefused) return referenceRefused;
    if (index === 0) return new VersionConflict('The asset changed while it was being updated; read it again');
    if (serialChanged && index === 1) return serialTaken(after.serialNumber);
    return new VersionConflict('The destination site changed while the asset was being moved; read it again');
  });
}

export async function deleteAsset(tenantId: string, asset: Asset): Promise<void> {
  await transact(
    [
      assets.transact.deleteVersion(tenantId, asset.id, asset.version),
      releaseSerial(tenantId, asset),
      countOnSite(tenantId, asset.siteId, -1),
      ...referenceItems(tenantId, asset, undefined, 3).items,
    ],
    (index) => (index === 0 ? new VersionConflict('The asset changed while it was being deleted; read it again') : new NotFound('Site', asset.siteId)),
  );
}

/** The most assets a site can carry along when it changes client, in one transaction. */
export const MAX_ASSETS_MOVED_WITH_SITE = 99;

/**
 * Saves a site whose client changed, re-labelling all its assets in the same
 * transaction so no asset is ever visible to the wrong client.
 */
export async function putSiteWithAssets(tenantId: string, site: Site, readVersion: number): Promise<void> {
  const { items: onSite } = await listAssets(tenantId, { siteId: site.id, limit: MAX_ASSETS_MOVED_WITH_SITE });
  if (onSite.length !== site.assetCount || onSite.length >= MAX_ASSETS_MOVED_WITH_SITE) {
    throw new Conflict(`A site with more than ${MAX_ASSETS_MOVED_WITH_SITE - 1} assets cannot change client in one step`, 'TOO_MANY_ASSETS');
  }
  const items: TransactItem[] = [
    {
      Put: {
        TableName: tableName,
        Item: siteItem(tenantId, site),
        ConditionExpression: 'version = :v AND assetCount = :n',
        ExpressionAttributeValues: { ':v': readVersion, ':n': onSite.length },
      },
    },
    ...onSite.map((asset) => assets.transact.putVersion(tenantId, { ...asset, clientId: site.clientId, version: asset.version + 1, updatedAt: site.updatedAt }, asset.version)),
  ];
  await transact(items, () => new VersionConflict('The site or one of its assets changed meanwhile; read it again'));
}
