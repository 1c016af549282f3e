/**
 * One repository mechanism for the aggregates of the application table, from a key
 * specification. An aggregate declares, in its own repository module:
 *
 *   key       its item key from its id            PK = T#t#SITE#<id>   SK = SITE
 *   indexes   per index, the partition a query     GSI1PK = T#t#SITES   GSI1SK = <id>
 *             reads (from the query's parameter)   GSI2PK = T#t#CLIENT#<c>#SITES ...
 *             and where a value stands in it (its parameter and sort key; none: left out, sparse)
 *   version   the attribute conditional writes compare (optimistic concurrency)
 *   mapping   the attributes stored beside the value's own, and the item back to the domain
 *
 * and gets from it every write and read the repositories used to write by hand: create
 * if absent (a typed Conflict), get (consistent when asked), replace or delete at the
 * version read (VersionConflict, which `onFreshRead` retries on a fresh read), list a
 * partition through the pager of `query-page.ts`, and the items of a `TransactWrite`
 * for use cases that change several aggregates at once. The key of a partition is
 * built by the same function for the write that places a value in it and the query
 * that reads it: keys stay in one place per aggregate.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand, type QueryCommandInput, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { Conflict, NotFound, VersionConflict } from '#platform/errors';
import { documentClient, tableName, tenantKey } from './client';
import { withoutKeys } from './items';
import { readPage, type Keep, type Page } from './query-page';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
export type Item = Record<string, unknown>;

export interface ItemKey {
  readonly PK: string;
  readonly SK: string;
}

/** The table's own partitions (PK/SK) or one of its global secondary indexes. */
export type IndexName = 'table' | 'GSI1' | 'GSI2' | 'GSI3';

/** One partition of the table or of an index, as a query reads it. */
export interface Partition {
  readonly index: IndexName;
  readonly value: string;
}

const attributesOf = (index: IndexName) =>
  index === 'table' ? { pk: 'PK', sk: 'SK', indexName: undefined } : { pk: `${index}PK`, sk: `${index}SK`, indexName: index };

/** Filters applied after the key condition (a page still fills up: see `readPage`). Undefined values are ignored. */
export interface Where {
  /** attribute = value */
  readonly equals?: Readonly<Record<string, string | number | boolean | null | undefined>>;
  /** attribute IN (values) */
  readonly oneOf?: Readonly<Record<string, readonly string[] | undefined>>;
  /** contains(attribute, value): a substring, or a member of a list or set */
  readonly contains?: Readonly<Record<string, string | undefined>>;
}

/** A condition on the sort key of the partition read. */
export type SortCondition =
  | { readonly between: readonly [string, string] }
  | { readonly from: string }
  | { readonly before: string }
  | { readonly atMost: string }
  | { readonly beginsWith: string };

export interface QueryShape {
  readonly where?: Where;
  readonly sort?: SortCondition;
  readonly newestFirst?: boolean;
}

export interface ListQuery extends QueryShape {
  readonly limit: number;
  readonly cursor?: string | undefined;
}

function sortExpression(sort: SortCondition, values: Item): string {
  if ('between' in sort) {
    values[':lo'] = sort.between[0];
    values[':hi'] = sort.between[1];
    return '#sk BETWEEN :lo AND :hi';
  }
  if ('from' in sort) return (values[':lo'] = sort.from), '#sk >= :lo';
  if ('before' in sort) return (values[':hi'] = sort.before), '#sk < :hi';
  if ('atMost' in sort) return (values[':hi'] = sort.atMost), '#sk <= :hi';
  return (values[':prefix'] = sort.beginsWith), 'begins_with(#sk, :prefix)';
}

/** The Query of one partition with its sort condition and filters (without `Limit` and `ExclusiveStartKey`). */
export function queryInput(partition: Partition, shape: QueryShape = {}): Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'> {
  const { pk, sk, indexName } = attributesOf(partition.index);
  const names: Record<string, string> = { '#pk': pk };
  const values: Item = { ':pk': partition.value };
  let keyCondition = '#pk = :pk';
  if (shape.sort) {
    names['#sk'] = sk;
    keyCondition += ` AND ${sortExpression(shape.sort, values)}`;
  }
  const filters: string[] = [];
  const name = (attribute: string) => {
    const n = `#f${filters.length}`;
    names[n] = attribute;
    return n;
  };
  for (const [attribute, value] of Object.entries(shape.where?.equals ?? {})) {
    if (value === undefined) continue;
    const i = filters.length;
    values[`:f${i}`] = value;
    filters.push(`${name(attribute)} = :f${i}`);
  }
  for (const [attribute, list] of Object.entries(shape.where?.oneOf ?? {})) {
    if (list === undefined) continue;
    const i = filters.length;
    list.forEach((v, j) => (values[`:f${i}_${j}`] = v));
    filters.push(`${name(attribute)} IN (${list.map((_, j) => `:f${i}_${j}`).join(', ')})`);
  }
  for (const [attribute, value] of Object.entries(shape.where?.contains ?? {})) {
    if (value === undefined) continue;
    const i = filters.length;
    values[`:f${i}`] = value;
    filters.push(`contains(${name(attribute)}, :f${i})`);
  }
  return {
    TableName: tableName,
    ...(indexName ? { IndexName: indexName } : {}),
    KeyConditionExpression: keyCondition,
    ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ScanIndexForward: !shape.newestFirst,
  };
}

/** One page of a partition (a list route), through {@link readPage}. */
export function listPartition<T>(partition: Partition, query: ListQuery, toDomain: (item: Item) => T, keep?: Keep<T>): Promise<Page<T>> {
  return readPage(
    {
      input: queryInput(partition, query),
      partition: { attribute: attributesOf(partition.index).pk, value: partition.value },
      limit: query.limit,
      ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
    },
    toDomain,
    keep,
  );
}

/** Every item of a partition, one DynamoDB page at a time (`pageSize` items at most each; DynamoDB's 1 MB otherwise). */
export async function* partitionPages(partition: Partition, shape: QueryShape = {}, pageSize?: number): AsyncGenerator<Item[]> {
  let startKey: Item | undefined;
  do {
    const out = await documentClient.send(new QueryCommand({ ...queryInput(partition, shape), ...(pageSize ? { Limit: pageSize } : {}), ExclusiveStartKey: startKey }));
    if (out.Items?.length) yield out.Items;
    startKey = out.LastEvaluatedKey;
  } while (startKey);
}

/** Every item of a partition, up to `max` (then the first `max`, in key order). */
export async function partitionItems(partition: Partition, shape: QueryShape = {}, max = Infinity): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of partitionPages(partition, shape)) {
    items.push(...page);
    if (items.length >= max) break;
  }
  return items.slice(0, max);
}

/** Whether an error is DynamoDB refusing a condition (anything else is rethrown by the callers). */
export const isConditionFailure = (error: unknown): boolean => error instanceof ConditionalCheckFailedException;

/** Sends a write; false (instead of the SDK's exception) when its condition is refused. */
export async function writeIf(command: PutCommand | DeleteCommand | UpdateCommand): Promise<boolean> {
  try {
    await documentClient.send(command as PutCommand);
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Where a value stands in an index: the parameter of its partition and its sort key. */
export interface IndexEntry<P> {
  readonly in: P;
  readonly sort: string;
}

export interface IndexSpec<T, P> {
  readonly name: IndexName;
  /** The partition of a query, from the query's parameter (e.g. a client id). */
  readonly partition: (tenantId: string, parameter: P) => string;
  /** Where a value is written in this index; undefined leaves it out (a sparse index). Not used for `table`: the item key places it. */
  readonly entry?: (value: T, tenantId: string) => IndexEntry<P> | undefined;
}

/** The index of every value of a tenant, by id: `<index>PK = T#t#<PLURAL>`, `<index>SK = <id>`. */
export function tenantListIndex<T extends { readonly id: string }>(name: IndexName, plural: string): IndexSpec<T, undefined> {
  return { name, partition: (tenantId) => tenantKey(tenantId, plural), entry: (value) => ({ in: undefined, sort: value.id }) };
}

/**
 * The index of the values of one owner (a site, a client, ...), by id:
 * `<index>PK = T#t#<OWNER>#<ownerId>#<PLURAL>`, `<index>SK = <id>`; a value without an owner is left out (sparse).
 */
export function ownerListIndex<T extends { readonly id: string }>(name: IndexName, owner: string, plural: string, ownerOf: (value: T) => string | null | undefined): IndexSpec<T, string> {
  return {
    name,
    partition: (tenantId, ownerId) => tenantKey(tenantId, owner, ownerId, plural),
    entry: (value) => {
      const ownerId = ownerOf(value);
      return ownerId ? { in: ownerId, sort: value.id } : undefined;
    },
  };
}

/** A value placed at a site, and through it at a client (an asset, a sensor, an alert). */
interface Placed {
  readonly id: string;
  readonly siteId?: string | null;
  readonly clientId?: string | null;
}

/** The indexes of placed values: the tenant's (GSI1), a site's (GSI2) and a client's (GSI3), each `T#t#...#<PLURAL>` by id. */
export function placementIndexes<T extends Placed>(plural: string) {
  return {
    all: tenantListIndex<T>('GSI1', plural),
    bySite: ownerListIndex<T>('GSI2', 'SITE', plural, (value) => value.siteId),
    byClient: ownerListIndex<T>('GSI3', 'CLIENT', plural, (value) => value.clientId),
  };
}

/** A list of placed values narrowed to a site and/or a client. */
export interface PlacementQuery {
  readonly siteId?: string;
  readonly clientId?: string;
}

/**
 * The partition a list of placed values reads and the filter that narrows it further:
 * the index of `first` (site or client) when the query names it, else the other's, else
 * the tenant's; when the query names both, the one not read becomes an equality filter.
 */
export function placementPartition(
  repository: Pick<EntityRepository<unknown, unknown, PlacementParameters>, 'partition'>,
  tenantId: string,
  q: PlacementQuery,
  first: 'site' | 'client',
): { readonly partition: Partition; readonly equals: Readonly<Record<string, string>> } {
  const site = { index: 'bySite', id: q.siteId, attribute: 'siteId' } as const;
  const client = { index: 'byClient', id: q.clientId, attribute: 'clientId' } as const;
  const [near, far] = first === 'site' ? [site, client] : [client, site];
  if (near.id) return { partition: repository.partition(tenantId, near.index, near.id), equals: far.id ? { [far.attribute]: far.id } : {} };
  if (far.id) return { partition: repository.partition(tenantId, far.index, far.id), equals: {} };
  return { partition: repository.partition(tenantId, 'all', undefined), equals: {} };
}

/** The parameters of {@link placementIndexes}. */
type PlacementParameters = { readonly all: undefined; readonly bySite: string; readonly byClient: string };

/** The parameter of each index's partition, by the index's name in the spec. */
type Parameters_ = Readonly<Record<string, unknown>>;
type IndexSpecs<T, Ix extends Parameters_> = { readonly [N in keyof Ix]: IndexSpec<T, Ix[N]> };

export interface EntitySpec<T, Id, Ix extends Parameters_> {
  /** The `entity` attribute of its items. */
  readonly entity: string;
  /** Its name in a 404 (`NotFound`). @default the entity in PascalCase (`alert-rule`: `AlertRule`) */
  readonly resource?: string;
  /** Its name in the messages of conflicts. @default the entity in words (`alert-rule`: `alert rule`) */
  readonly noun?: string;
  /** The item key. */
  readonly key: (tenantId: string, id: Id) => ItemKey;
  /** The id of a value. @default value.id */
  readonly idOf?: (value: T) => Id;
  readonly indexes?: IndexSpecs<T, Ix>;
  /** The stored attributes of a value, beside its keys. @default the value's own */
  readonly attributes?: (value: T, tenantId: string) => Item;
  /** The domain value of an item. @default the item without its keys */
  readonly fromItem?: (item: Item) => T;
  /** The attribute conditional writes compare. @default version */
  readonly versionAttribute?: string;
  /** Reads are strongly consistent unless asked otherwise. @default false */
  readonly consistentReads?: boolean;
  /** What a second creation with the same key throws. @default Conflict `<NOUN>_EXISTS` */
  readonly exists?: (value: T) => Error;
}

export interface EntityRepository<T, Id, Ix extends Parameters_> {
  readonly key: (tenantId: string, id: Id) => ItemKey;
  /** The full item of a value: keys, index keys, `entity` and its attributes. */
  readonly item: (tenantId: string, value: T) => Item;
  readonly fromItem: (item: Item) => T;
  /** A partition of one of its indexes, for {@link listPartition} and {@link partitionPages}. */
  readonly partition: <N extends keyof Ix & string>(tenantId: string, index: N, parameter: Ix[N]) => Partition;

  /** Stores a new value; throws the spec's `exists` error (a typed Conflict) when the key is taken. */
  readonly create: (tenantId: string, value: T) => Promise<void>;
  readonly get: (tenantId: string, id: Id, options?: { readonly consistent?: boolean }) => Promise<T | undefined>;
  /** The stored item as it is (for attributes the domain value leaves out). */
  readonly getItem: (tenantId: string, id: Id, options?: { readonly consistent?: boolean }) => Promise<Item | undefined>;
  /** Replaces a value still at `readVersion`; VersionConflict when it changed (or went) meanwhile. */
  readonly putVersion: (tenantId: string, value: T, readVersion: number) => Promise<void>;
  /** As {@link putVersion}, false instead of the VersionConflict. */
  readonly putIfVersion: (tenantId: string, value: T, readVersion: number) => Promise<boolean>;
  /** Deletes a value still at `readVersion`: NotFound when it is gone, VersionConflict when it changed. */
  readonly deleteVersion: (tenantId: string, id: Id, readVersion: number) => Promise<void>;
  /** Deletes unconditionally (nothing when it is gone). */
  readonly delete: (tenantId: string, id: Id) => Promise<void>;
  /** One page of an index partition, mapped to the domain. */
  readonly list: <N extends keyof Ix & string>(tenantId: string, index: N, parameter: Ix[N], query: ListQuery, keep?: Keep<T>) => Promise<Page<T>>;
  /** Every value of an index partition (up to `max`). */
  readonly all: <N extends keyof Ix & string>(tenantId: string, index: N, parameter: Ix[N], shape?: QueryShape, max?: number) => Promise<T[]>;

  /** Transaction items, for a use case that writes several aggregates at once. */
  readonly transact: {
    /** Put of a new value (if its key is free). */
    readonly create: (tenantId: string, value: T) => TransactItem;
    /** Put of a value still at `readVersion`. */
    readonly putVersion: (tenantId: string, value: T, readVersion: number) => TransactItem;
    /** Delete of a value still at `readVersion`. */
    readonly deleteVersion: (tenantId: string, id: Id, readVersion: number) => TransactItem;
    /** A check that the value exists (and, with `version`, is still at it), writing nothing. */
    readonly exists: (tenantId: string, id: Id, version?: number) => TransactItem;
  };
}

const idText = (id: unknown): string => (typeof id === 'string' ? id : JSON.stringify(id));

/**
 * A repository of one aggregate from its key specification (see the module's doc). Two
 * calls, so that the domain type and the id are named and the indexes inferred:
 * `entityRepository<Site>()({ entity: 'site', key: siteKey, indexes: { ... } })`.
 */
export function entityRepository<T, Id = string>() {
  return <Ix extends Parameters_ = Record<never, never>>(spec: EntitySpec<T, Id, Ix>): EntityRepository<T, Id, Ix> => repositoryOf(spec);
}

function repositoryOf<T, Id, Ix extends Parameters_>(spec: EntitySpec<T, Id, Ix>): EntityRepository<T, Id, Ix> {
  const version = spec.versionAttribute ?? 'version';
  const noun = spec.noun ?? spec.entity.replace(/-/g, ' ');
  const resource = spec.resource ?? spec.entity.replace(/(^|-)(\w)/g, (_, _dash: string, c: string) => c.toUpperCase());
  const idOf = spec.idOf ?? ((value: T) => (value as { id: Id }).id);
  const fromItem = spec.fromItem ?? ((item: Item) => withoutKeys<T>(item));
  const indexes = (spec.indexes ?? {}) as Readonly<Record<string, IndexSpec<T, unknown>>>;
  const exists = spec.exists ?? ((value: T) => new Conflict(`A ${noun} with id ${idText(idOf(value))} already exists`, `${spec.entity.toUpperCase().replace(/-/g, '_')}_EXISTS`));
  const changed = (while_: string) => new VersionConflict(`The ${noun} changed while it was being ${while_}; read it again`);

  const item = (tenantId: string, value: T): Item => {
    const indexKeys: Item = {};
    for (const ix of Object.values(indexes)) {
      if (ix.name === 'table') continue;
      const entry = ix.entry?.(value, tenantId);
      if (!entry) continue;
      indexKeys[`${ix.name}PK`] = ix.partition(tenantId, entry.in);
      indexKeys[`${ix.name}SK`] = entry.sort;
    }
    return { ...spec.key(tenantId, idOf(value)), entity: spec.entity, ...indexKeys, ...(spec.attributes ? spec.attributes(value, tenantId) : value) };
  };

  const partition = (tenantId: string, index: string, parameter: unknown): Partition => {
    const ix = indexes[index];
    if (!ix) throw new Error(`${spec.entity}: no index ${index}`);
    return { index: ix.name, value: ix.partition(tenantId, parameter) };
  };

  const atVersion = (readVersion: number) => ({ ConditionExpression: '#version = :v', ExpressionAttributeNames: { '#version': version }, ExpressionAttributeValues: { ':v': readVersion } });

  const transact = {
    create: (tenantId: string, value: T): TransactItem => ({ Put: { TableName: tableName, Item: item(tenantId, value), ConditionExpression: 'attribute_not_exists(PK)' } }),
    putVersion: (tenantId: string, value: T, readVersion: number): TransactItem => ({ Put: { TableName: tableName, Item: item(tenantId, value), ...atVersion(readVersion) } }),
    deleteVersion: (tenantId: string, id: Id, readVersion: number): TransactItem => ({ Delete: { TableName: tableName, Key: spec.key(tenantId, id), ...atVersion(readVersion) } }),
    exists: (tenantId: string, id: Id, at?: number): TransactItem => ({
      ConditionCheck: {
        TableName: tableName,
        Key: spec.key(tenantId, id),
        ...(at === undefined
          ? { ConditionExpression: 'attribute_exists(PK)' }
          : { ConditionExpression: 'attribute_exists(PK) AND #version = :v', ExpressionAttributeNames: { '#version': version }, ExpressionAttributeValues: { ':v': at } }),
      },
    }),
  };

  const getItem = async (tenantId: string, id: Id, options: { readonly consistent?: boolean } = {}): Promise<Item | undefined> => {
    const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: spec.key(tenantId, id), ConsistentRead: options.consistent ?? spec.consistentReads ?? false }));
    return out.Item;
  };
  const get = async (tenantId: string, id: Id, options?: { readonly consistent?: boolean }): Promise<T | undefined> => {
    const found = await getItem(tenantId, id, options);
    return found ? fromItem(found) : undefined;
  };
  const putIfVersion = (tenantId: string, value: T, readVersion: number) => writeIf(new PutCommand(transact.putVersion(tenantId, value, readVersion).Put!));

  return {
    key: spec.key,
    item,
    fromItem,
    partition,
    async create(tenantId, value) {
      if (!(await writeIf(new PutCommand(transact.create(tenantId, value).Put!)))) throw exists(value);
    },
    get,
    getItem,
    async putVersion(tenantId, value, readVersion) {
      if (!(await putIfVersion(tenantId, value, readVersion))) throw changed('updated');
    },
    putIfVersion,
    async deleteVersion(tenantId, id, readVersion) {
      if (await writeIf(new DeleteCommand(transact.deleteVersion(tenantId, id, readVersion).Delete!))) return;
      if (!(await getItem(tenantId, id, { consistent: true }))) throw new NotFound(resource, idText(id));
      throw changed('deleted');
    },
    async delete(tenantId, id) {
      await documentClient.send(new DeleteCommand({ TableName: tableName, Key: spec.key(tenantId, id) }));
    },
    list: (tenantId, index, parameter, query, keep) => listPartition(partition(tenantId, index, parameter), query, fromItem, keep),
    all: async (tenantId, index, parameter, shape, max) => (await partitionItems(partition(tenantId, index, parameter), shape, max)).map(fromItem),
    transact,
  };
}
