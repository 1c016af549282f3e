/**
 * Time entries in the application table. Keys (all under the tenant):
 *   item       PK = T#t#WO#<workOrderId>   SK = TIME#<start>#<id>   (a work order's entries: one Query)
 *   by month   GSI1PK = T#t#TIME#<YYYY-MM> GSI1SK = <start>#<id>    (the payroll export: one partition per month)
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { monthOf, monthsBetween, type TimeEntry } from '#domain/time-entries';
import { documentClient, tableName, tenantKey } from './client';
import { withoutKeys } from './items';
import { readPage, type Page } from './query-page';

const partition = (tenantId: string, workOrderId: string) => tenantKey(tenantId, 'WO', workOrderId);
const monthPartition = (tenantId: string, month: string) => tenantKey(tenantId, 'TIME', month);

export async function createTimeEntry(tenantId: string, entry: TimeEntry): Promise<void> {
  await documentClient.send(
    new PutCommand({
      TableName: tableName,
      Item: {
        PK: partition(tenantId, entry.workOrderId),
        SK: `TIME#${entry.start}#${entry.id}`,
        entity: 'time-entry',
        GSI1PK: monthPartition(tenantId, monthOf(entry.start)),
        GSI1SK: `${entry.start}#${entry.id}`,
        ...entry,
      },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

/** A work order's time entries, by start. */
export async function listTimeEntries(tenantId: string, workOrderId: string, query: { limit: number; cursor?: string }): Promise<Page<TimeEntry>> {
  const pk = partition(tenantId, workOrderId);
  return readPage(
    {
      input: { TableName: tableName, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :t)', ExpressionAttributeValues: { ':pk': pk, ':t': 'TIME#' } },
      partition: { attribute: 'PK', value: pk },
      limit: query.limit,
      ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
    },
    (i) => withoutKeys<TimeEntry>(i),
  );
}

/**
 * Every time entry of the tenant starting in `[from, to)`, page by page, month
 * partition after month partition, in start order: the export never holds more than
 * one page of items.
 */
export async function* timeEntriesStartingIn(tenantId: string, from: string, to: string, pageSize = 500): AsyncGenerator<TimeEntry[]> {
  const lo = new Date(from).toISOString();
  const hi = new Date(to).toISOString(); // `<hi>#<id>` sorts after `<hi>`: an entry starting at `to` is left out
  for (const month of monthsBetween(lo, hi)) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await documentClient.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'GSI1',
          KeyConditionExpression: 'GSI1PK = :pk AND GSI1SK BETWEEN :lo AND :hi',
          ExpressionAttributeValues: { ':pk': monthPartition(tenantId, month), ':lo': lo, ':hi': hi },
          Limit: pageSize,
          ExclusiveStartKey: startKey,
        }),
      );
      if (out.Items?.length) yield out.Items.map((i) => withoutKeys<TimeEntry>(i));
      startKey = out.LastEvaluatedKey;
    } while (startKey);
  }
}
