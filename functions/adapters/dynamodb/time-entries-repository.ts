/**
 * Time entries in the application table. Keys (all under the tenant):
 *   item       PK = T#t#WO#<workOrderId>   SK = TIME#<start>#<id>   (a work order's entries: one Query)
 *   by month   GSI1PK = T#t#TIME#<YYYY-MM> GSI1SK = <start>#<id>    (the payroll export: one partition per month)
 */
import { monthOf, monthsBetween, type TimeEntry } from '#domain/time-entries';
import { tenantKey } from './client';
import { entityRepository, partitionPages } from './entity-repository';
import type { Page } from './query-page';

const workOrderPartition = (tenantId: string, workOrderId: string) => tenantKey(tenantId, 'WO', workOrderId);

const entries = entityRepository<TimeEntry, Pick<TimeEntry, 'workOrderId' | 'start' | 'id'>>()({
  entity: 'time-entry',
  key: (tenantId, e) => ({ PK: workOrderPartition(tenantId, e.workOrderId), SK: `TIME#${e.start}#${e.id}` }),
  idOf: (e) => e,
  indexes: {
    ofWorkOrder: { name: 'table', partition: workOrderPartition },
    byMonth: { name: 'GSI1', partition: (t: string, month: string) => tenantKey(t, 'TIME', month), entry: (e) => ({ in: monthOf(e.start), sort: `${e.start}#${e.id}` }) },
  },
});

export const createTimeEntry = entries.create;

/** A work order's time entries, by start. */
export async function listTimeEntries(tenantId: string, workOrderId: string, query: { limit: number; cursor?: string }): Promise<Page<TimeEntry>> {
  return entries.list(tenantId, 'ofWorkOrder', workOrderId, { ...query, sort: { beginsWith: 'TIME#' } });
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
    for await (const page of partitionPages(entries.partition(tenantId, 'byMonth', month), { sort: { between: [lo, hi] } }, pageSize)) yield page.map(entries.fromItem);
  }
}
