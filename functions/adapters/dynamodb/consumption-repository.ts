/**
 * Imported consumption (billing) in the application table, one item per customer
 * connection and period, under its zone. Keys (all under the tenant):
 *   item   PK = T#t#ZONE#<zone>#CONSUMPTION    SK = <periodStart>#<periodEnd>#<connectionId>
 *
 * A zone's rows are one partition sorted by period start, so the rows that may overlap a
 * range are one Query between the earliest start that can still reach it and its end.
 * The key is the row's identity (zone, connection, period): importing a row again puts the
 * same item, replacing it (an import is idempotent, and a corrected bill replaces the old).
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Consumption } from '#domain/leaks/consumption';
import { documentClient, tableName, tenantKey } from './client';
import { entityRepository, type IndexSpec } from './entity-repository';

interface ConsumptionId {
  readonly zoneId: string;
  readonly connectionId: string;
  readonly periodStart: string;
  readonly periodEnd: string;
}

const zonePartition = (tenantId: string, zoneId: string) => tenantKey(tenantId, 'ZONE', zoneId, 'CONSUMPTION');
const consumptionKey = (tenantId: string, id: ConsumptionId) => ({ PK: zonePartition(tenantId, id.zoneId), SK: `${id.periodStart}#${id.periodEnd}#${id.connectionId}` });
const byZone: IndexSpec<Consumption, string> = { name: 'table', partition: zonePartition };

const consumption = entityRepository<Consumption, ConsumptionId>()({
  entity: 'consumption',
  key: consumptionKey,
  idOf: (c) => ({ zoneId: c.zoneId, connectionId: c.connectionId, periodStart: c.periodStart, periodEnd: c.periodEnd }),
  indexes: { byZone },
});

/** Puts the rows, replacing those with the same identity: 25 per BatchWriteItem, unprocessed ones retried with backoff. */
export async function putConsumption(tenantId: string, rows: readonly Consumption[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 25) {
    let pending: Array<{ PutRequest: { Item: Record<string, unknown> } }> | undefined = rows.slice(i, i + 25).map((r) => ({ PutRequest: { Item: consumption.item(tenantId, r) } }));
    for (let attempt = 0; pending && pending.length > 0; attempt++) {
      if (attempt === 8) throw new Error('consumption import: BatchWriteItem kept returning unprocessed items');
      if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
      const out = await documentClient.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
      pending = out.UnprocessedItems?.[tableName] as typeof pending;
    }
  }
}

/** Every row of a zone whose period starts in `[fromDay, toDay]` (YYYY-MM-DD). */
export const zoneConsumption = (tenantId: string, zoneId: string, fromDay: string, toDay: string): Promise<Consumption[]> =>
  consumption.all(tenantId, 'byZone', zoneId, { sort: { between: [fromDay, `${toDay}#\uffff`] } });
