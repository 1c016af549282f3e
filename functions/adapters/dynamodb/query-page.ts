/**
 * One page of a DynamoDB Query, filled up to `limit` items even when a filter
 * expression drops some, with an opaque cursor for the next page.
 */
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { decodeCursor, encodeCursor } from '#platform/pagination';
import { documentClient } from './document-client';

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

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/** Bounds the work one request can cause when a selective filter matches little. */
const MAX_QUERIES_PER_PAGE = 8;

export async function queryPage<T>(request: PageRequest, toDomain: (item: Record<string, unknown>) => T): Promise<Page<T>> {
  const filters = Object.entries(request.filters ?? {}).filter(([, v]) => v !== undefined);
  const names: Record<string, string> = { '#pk': request.partitionAttribute };
  const values: Record<string, unknown> = { ':pk': request.partitionValue };
  filters.forEach(([attribute, value], i) => {
    names[`#f${i}`] = attribute;
    values[`:f${i}`] = value;
  });
  const base: QueryCommandInput = {
    TableName: request.tableName,
    IndexName: request.index,
    KeyConditionExpression: '#pk = :pk',
    FilterExpression: filters.length ? filters.map((_, i) => `#f${i} = :f${i}`).join(' AND ') : undefined,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ScanIndexForward: !request.newestFirst,
  };
  let startKey = decodeCursor(request.cursor, { attribute: request.partitionAttribute, value: request.partitionValue });
  const items: T[] = [];
  for (let queries = 0; queries < MAX_QUERIES_PER_PAGE; queries++) {
    const out = await documentClient.send(new QueryCommand({ ...base, Limit: request.limit - items.length, ExclusiveStartKey: startKey }));
    for (const item of out.Items ?? []) items.push(toDomain(item));
    startKey = out.LastEvaluatedKey as typeof startKey;
    if (!startKey || items.length >= request.limit) break;
  }
  return { items, nextCursor: encodeCursor(startKey) };
}
