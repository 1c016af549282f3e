/**
 * One page of a DynamoDB Query, for every list route. A filter expression is applied
 * after `Limit` counts items, so a naive page of a selective filter comes back empty
 * with a cursor. Instead this reads on until the page is full (or a read budget is
 * spent) and cuts the page at its last item, whose key becomes the cursor. It looks
 * for one match more than the page holds, so the last page carries no cursor.
 */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, encodeCursor } from '#http-stack/pagination';
import { documentClient } from './document-client';

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/** A query of one partition; `Limit` and `ExclusiveStartKey` are the pager's. */
export interface PagedQuery {
  readonly input: Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'>;
  /** The partition key attribute and value the query reads (a cursor must carry the same). */
  readonly partition: { readonly attribute: string; readonly value: string };
  readonly limit: number;
  readonly cursor?: string;
}

/** What a page keeps of the items read: a domain rule no filter expression can say (e.g. who may see what). */
export type Keep<T> = (item: T) => boolean;

/** Items one page may evaluate at most: bounds the work of a filter that matches little. */
export const PAGE_READ_BUDGET = 1000;
/** Items evaluated per query when a filter drops some (one query per page when it drops none). */
const FILTERED_CHUNK = 100;

type Key = Record<string, string | number>;

/** The item's key as DynamoDB's LastEvaluatedKey would give it (table keys PK/SK, index keys `<index>PK/SK`). */
function keyOf(item: Record<string, unknown>, index: string | undefined): Key {
  const names = ['PK', 'SK', ...(index ? [`${index}PK`, `${index}SK`] : [])];
  return Object.fromEntries(names.filter((n) => item[n] !== undefined).map((n) => [n, item[n] as string | number]));
}

export async function readPage<T>(query: PagedQuery, toDomain: (item: Record<string, unknown>) => T, keep?: Keep<T>): Promise<Page<T>> {
  const filtered = query.input.FilterExpression !== undefined || keep !== undefined;
  let startKey = decodeCursor(query.cursor, query.partition) as Key | undefined;
  const kept: { readonly item: Record<string, unknown>; readonly value: T }[] = [];
  let evaluated = 0;
  do {
    const wanted = query.limit + 1 - kept.length;
    const chunk = filtered ? Math.min(Math.max(wanted, FILTERED_CHUNK), PAGE_READ_BUDGET - evaluated) : wanted;
    const out = await documentClient.send(new QueryCommand({ ...query.input, Limit: chunk, ExclusiveStartKey: startKey }));
    evaluated += out.ScannedCount ?? chunk;
    for (const item of out.Items ?? []) {
      const value = toDomain(item);
      if (!keep || keep(value)) kept.push({ item, value });
    }
    startKey = out.LastEvaluatedKey as Key | undefined;
  } while (startKey && kept.length <= query.limit && evaluated < PAGE_READ_BUDGET);
  if (kept.length > query.limit) {
    const page = kept.slice(0, query.limit);
    return { items: page.map((k) => k.value), nextCursor: encodeCursor(keyOf(page[page.length - 1]!.item, query.input.IndexName)) };
  }
  // All read (no cursor), or the budget ran out first (a short page, and where to go on).
  return { items: kept.map((k) => k.value), nextCursor: encodeCursor(startKey) };
}

/** A list of one partition with equality filters: the common shape of list routes. */
export interface PageRequest {
  readonly tableName: string;
  readonly index?: string;
  readonly partitionAttribute: string;
  readonly partitionValue: string;
  readonly limit: number;
  readonly cursor?: string;
  /** Equality filters on plain attributes; undefined values are ignored. */
  readonly filters?: Readonly<Record<string, string | number | boolean | null | undefined>>;
  readonly newestFirst?: boolean;
}

export async function queryPage<T>(request: PageRequest, toDomain: (item: Record<string, unknown>) => T, keep?: Keep<T>): Promise<Page<T>> {
  const filters = Object.entries(request.filters ?? {}).filter(([, v]) => v !== undefined);
  const names: Record<string, string> = { '#pk': request.partitionAttribute };
  const values: Record<string, unknown> = { ':pk': request.partitionValue };
  filters.forEach(([attribute, value], i) => {
    names[`#f${i}`] = attribute;
    values[`:f${i}`] = value;
  });
  return readPage(
    {
      input: {
        TableName: request.tableName,
        IndexName: request.index,
        KeyConditionExpression: '#pk = :pk',
        FilterExpression: filters.length ? filters.map((_, i) => `#f${i} = :f${i}`).join(' AND ') : undefined,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ScanIndexForward: !request.newestFirst,
      },
      partition: { attribute: request.partitionAttribute, value: request.partitionValue },
      limit: request.limit,
      ...(request.cursor !== undefined ? { cursor: request.cursor } : {}),
    },
    toDomain,
    keep,
  );
}

/**
 * Reads a list page by page until its end or until at least `atLeast` items were read
 * (the caller decides what more than it wants means: refuse, or keep the first).
 */
export async function collectPages<T>(readPage: (cursor: string | undefined) => Promise<Page<T>>, atLeast: number): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await readPage(cursor);
    all.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && all.length < atLeast);
  return all;
}
