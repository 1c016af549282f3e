/**
 * Work orders and their history in the application table. Keys (all under the tenant):
 *   item        PK = T#t#WO#<id>   SK = WO
 *   history     PK = T#t#WO#<id>   SK = HIST#<at>#<entryId>   (one partition: one Query)
 *   all         GSI1PK = T#t#WOS                  GSI1SK = <dueAt>#<id>
 *   by client   GSI2PK = T#t#CLIENT#<c>#WOS       GSI2SK = <dueAt>#<id>
 *   by status   GSI3PK = T#t#WOS#S#<status>       GSI3SK = <dueAt>#<id>
 *   guard       PK = T#t#WO-ONCE#<key>  SK = GUARD  (e.g. one work order per alert)
 *   escalation  PK = T#t#WO-ESC#<id>    SK = ESC    GSI3PK = WO-ESCALATIONS  GSI3SK = <escalateAt>#<tenant>#<id>
 *               (written with every change that leaves a critical work order open and unassigned;
 *               the escalation schedule reads the one partition across tenants, as the no-data schedule does)
 * Every index is sorted by due date, so `from`/`to` and `overdue` are key ranges;
 * the other filters (priority, type, asset, site, technician) filter one partition.
 */
import { GetCommand, QueryCommand, TransactWriteCommand, type QueryCommandInput, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { WorkOrder, WorkOrderHistoryEntry, WorkOrderPriority, WorkOrderStatus, WorkOrderType } from '#domain/work-orders';
import { ACTIVE_STATUSES } from '#domain/work-orders';
import { ESCALATION_AFTER_MINUTES } from '#domain/scheduling';
import { Conflict, VersionConflict } from '#platform/errors';
import { documentClient, tableName, tenantKey } from './client';
import { failedConditions, withoutKeys } from './items';
import { outboxPut, type OutboxEvent } from './outbox';
import { readPage, type Page } from './query-page';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const workOrderKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'WO', id), SK: 'WO' });
const guardKey = (tenantId: string, key: string) => ({ PK: tenantKey(tenantId, 'WO-ONCE', key), SK: 'GUARD' });

export function workOrderItem(tenantId: string, wo: WorkOrder): Record<string, unknown> {
  const sort = `${wo.dueAt}#${wo.id}`;
  return {
    ...workOrderKey(tenantId, wo.id),
    entity: 'work-order',
    GSI1PK: tenantKey(tenantId, 'WOS'),
    GSI1SK: sort,
    ...(wo.clientId ? { GSI2PK: tenantKey(tenantId, 'CLIENT', wo.clientId, 'WOS'), GSI2SK: sort } : {}),
    GSI3PK: tenantKey(tenantId, 'WOS', 'S', wo.status),
    GSI3SK: sort,
    ...wo,
  };
}

/** Cross-tenant partition of the escalation watches. */
export const ESCALATION_PARTITION = 'WO-ESCALATIONS';
export const escalationWatchKey = (tenantId: string, workOrderId: string) => ({ PK: tenantKey(tenantId, 'WO-ESC', workOrderId), SK: 'ESC' });

/** The watch the escalation schedule needs for a critical work order left open and unassigned. */
function escalationWatch(tenantId: string, wo: WorkOrder): TransactItem[] {
  if (wo.priority !== 'critical' || wo.status !== 'open' || wo.assignedTechnicianId !== null) return [];
  const escalateAt = new Date(Date.parse(wo.createdAt) + ESCALATION_AFTER_MINUTES * 60_000).toISOString();
  return [
    {
      Put: {
        TableName: tableName,
        Item: { ...escalationWatchKey(tenantId, wo.id), entity: 'work-order-escalation', GSI3PK: ESCALATION_PARTITION, GSI3SK: `${escalateAt}#${tenantId}#${wo.id}`, tenantId, workOrderId: wo.id, escalateAt },
      },
    },
  ];
}

function historyPut(tenantId: string, entry: Omit<WorkOrderHistoryEntry, 'id'>): TransactItem {
  const id = ulid();
  return {
    Put: {
      TableName: tableName,
      Item: { PK: tenantKey(tenantId, 'WO', entry.workOrderId), SK: `HIST#${entry.at}#${id}`, entity: 'work-order-history', id, ...entry },
    },
  };
}

/** What is written in the same transaction as a work order change. */
export interface WorkOrderWriteExtras {
  /** Outbox events (`work_order.created`, `work_order.status_changed`, ...). */
  readonly events?: readonly OutboxEvent[];
  /** A history entry (who, when, from, to, comment). */
  readonly history?: Omit<WorkOrderHistoryEntry, 'id'>;
  /** A key written once: a second work order with the same key is refused (409 `WORK_ORDER_EXISTS`). */
  readonly onceKey?: string;
  /** More items of the same transaction (e.g. a schedule entry of the scheduling part). */
  readonly items?: readonly TransactItem[];
}

function extrasItems(tenantId: string, workOrderId: string, extras: WorkOrderWriteExtras): TransactItem[] {
  return [
    ...(extras.history ? [historyPut(tenantId, extras.history)] : []),
    ...(extras.events ?? []).map((e) => outboxPut(tenantId, e)),
    ...(extras.onceKey
      ? [{ Put: { TableName: tableName, Item: { ...guardKey(tenantId, extras.onceKey), entity: 'work-order-guard', workOrderId }, ConditionExpression: 'attribute_not_exists(PK)' } }]
      : []),
    ...(extras.items ?? []),
  ];
}

/**
 * The writes that create a work order (item, creation history entry, events, once-key
 * guard), for a transaction of another aggregate (e.g. the alert that opens it).
 */
export function workOrderCreationItems(tenantId: string, workOrder: WorkOrder, extras: WorkOrderWriteExtras = {}): TransactItem[] {
  const history = extras.history ?? { workOrderId: workOrder.id, at: workOrder.createdAt, by: workOrder.createdBy, from: null, to: workOrder.status, comment: null };
  return [
    { Put: { TableName: tableName, Item: workOrderItem(tenantId, workOrder), ConditionExpression: 'attribute_not_exists(PK)' } },
    ...extrasItems(tenantId, workOrder.id, { ...extras, history }),
    ...escalationWatch(tenantId, workOrder),
  ];
}

/** The once-key of the work order an alert opens. */
export const alertOnceKey = (alertId: string): string => `alert#${alertId}`;

/**
 * Writes a new work order with its creation history entry and events in one
 * transaction. With `onceKey`, a second creation for the same key is a 409
 * `WORK_ORDER_EXISTS` carrying the first work order's id.
 */
export async function createWorkOrder(tenantId: string, workOrder: WorkOrder, extras: WorkOrderWriteExtras = {}): Promise<void> {
  const items = workOrderCreationItems(tenantId, workOrder, extras);
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    const failed = failedConditions(error);
    const guardIndex = items.findIndex((i) => (i.Put?.Item as Record<string, unknown> | undefined)?.entity === 'work-order-guard');
    if (guardIndex >= 0 && failed.has(guardIndex)) {
      const existing = await documentClient.send(new GetCommand({ TableName: tableName, Key: guardKey(tenantId, extras.onceKey as string) }));
      throw new Conflict('A work order already exists for this source', 'WORK_ORDER_EXISTS', { workOrderId: existing.Item?.workOrderId });
    }
    throw new Conflict('A work order with this id already exists', 'WORK_ORDER_EXISTS');
  }
}

export async function getWorkOrder(tenantId: string, id: string): Promise<WorkOrder | undefined> {
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: workOrderKey(tenantId, id) }));
  return out.Item ? withoutKeys<WorkOrder>(out.Item) : undefined;
}

/** The work order opened once for `onceKey` (e.g. `alert#<id>`), if any. */
export async function workOrderIdForOnceKey(tenantId: string, onceKey: string): Promise<string | undefined> {
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: guardKey(tenantId, onceKey) }));
  return out.Item?.workOrderId as string | undefined;
}

/**
 * Replaces a work order if it is still at the version read, with its history entry,
 * events and extra items in the same transaction (VersionConflict when it changed meanwhile).
 */
export async function updateWorkOrder(tenantId: string, workOrder: WorkOrder, readVersion: number, extras: WorkOrderWriteExtras = {}): Promise<void> {
  const items: TransactItem[] = [
    {
      Put: {
        TableName: tableName,
        Item: workOrderItem(tenantId, workOrder),
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ':v': readVersion },
      },
    },
    ...extrasItems(tenantId, workOrder.id, extras),
    ...escalationWatch(tenantId, workOrder),
  ];
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    const failed = failedConditions(error);
    if (failed.has(0)) throw new VersionConflict('The work order changed while it was being updated; read it again');
    throw new Conflict('The work order could not be updated', 'WORK_ORDER_CONFLICT');
  }
}

export interface WorkOrderQuery {
  readonly limit: number;
  readonly cursor?: string;
  readonly status?: WorkOrderStatus;
  readonly priority?: WorkOrderPriority;
  readonly type?: WorkOrderType;
  readonly assetId?: string;
  readonly siteId?: string;
  readonly clientId?: string;
  readonly technicianId?: string;
  /** Due before `now` and still to be done. */
  readonly overdue?: boolean;
  readonly now?: string;
  /** Due date range (inclusive from, exclusive to). */
  readonly from?: string;
  readonly to?: string;
}

/** A page of work orders, sorted by due date, with every filter applied in one partition. */
export async function listWorkOrders(tenantId: string, q: WorkOrderQuery): Promise<Page<WorkOrder>> {
  const [index, pkAttr, skAttr, pkValue] = q.status
    ? (['GSI3', 'GSI3PK', 'GSI3SK', tenantKey(tenantId, 'WOS', 'S', q.status)] as const)
    : q.clientId
      ? (['GSI2', 'GSI2PK', 'GSI2SK', tenantKey(tenantId, 'CLIENT', q.clientId, 'WOS')] as const)
      : (['GSI1', 'GSI1PK', 'GSI1SK', tenantKey(tenantId, 'WOS')] as const);
  const names: Record<string, string> = { '#pk': pkAttr };
  const values: Record<string, unknown> = { ':pk': pkValue };
  let lower = q.from ? new Date(q.from).toISOString() : undefined;
  let upper = q.to ? new Date(q.to).toISOString() : undefined;
  if (q.overdue) {
    const now = q.now ?? new Date().toISOString();
    if (!upper || now < upper) upper = now;
  }
  let keyCondition = '#pk = :pk';
  if (lower && upper) {
    keyCondition += ' AND #sk BETWEEN :lo AND :hi';
    values[':lo'] = lower;
    values[':hi'] = upper;
  } else if (lower) {
    keyCondition += ' AND #sk >= :lo';
    values[':lo'] = lower;
  } else if (upper) {
    keyCondition += ' AND #sk < :hi';
    values[':hi'] = upper;
  }
  if (lower && upper && lower > upper) return { items: [], nextCursor: null };
  if (lower || upper) names['#sk'] = skAttr;
  const filters: string[] = [];
  const eq = (attribute: string, value: string | undefined) => {
    if (value === undefined) return;
    const n = `#f${filters.length}`;
    names[n] = attribute;
    values[`:f${filters.length}`] = value;
    filters.push(`${n} = :f${filters.length}`);
  };
  if (index !== 'GSI3') eq('status', q.status);
  if (index !== 'GSI2') eq('clientId', q.clientId);
  eq('priority', q.priority);
  eq('type', q.type);
  eq('assetId', q.assetId);
  eq('siteId', q.siteId);
  eq('assignedTechnicianId', q.technicianId);
  if (q.overdue && !q.status) {
    names['#status'] = 'status';
    ACTIVE_STATUSES.forEach((s, i) => (values[`:a${i}`] = s));
    filters.push(`#status IN (${ACTIVE_STATUSES.map((_, i) => `:a${i}`).join(', ')})`);
  }
  if (q.overdue && q.status && !ACTIVE_STATUSES.includes(q.status)) return { items: [], nextCursor: null };
  const input: QueryCommandInput = {
    TableName: tableName,
    IndexName: index,
    KeyConditionExpression: keyCondition,
    ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
  return readPage(
    { input, partition: { attribute: pkAttr, value: pkValue }, limit: q.limit, ...(q.cursor !== undefined ? { cursor: q.cursor } : {}) },
    (item) => withoutKeys<WorkOrder>(item),
  );
}

/**
 * Every work order of one partition (all, one client, or one status) whose due date
 * lies in the range, following pages: for aggregates such as the dashboard.
 * Bounded by `max` items so one request never reads without end.
 */
export async function collectWorkOrders(tenantId: string, q: Omit<WorkOrderQuery, 'limit' | 'cursor'>, max = 5000): Promise<WorkOrder[]> {
  const out: WorkOrder[] = [];
  let cursor: string | undefined;
  do {
    const page = await listWorkOrders(tenantId, { ...q, limit: 100, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && out.length < max);
  return out;
}

/** The history of a work order, oldest first. */
export async function listWorkOrderHistory(tenantId: string, workOrderId: string, query: { limit: number; cursor?: string }): Promise<Page<WorkOrderHistoryEntry>> {
  const pk = tenantKey(tenantId, 'WO', workOrderId);
  return readPage(
    {
      input: { TableName: tableName, KeyConditionExpression: 'PK = :pk AND begins_with(SK, :h)', ExpressionAttributeValues: { ':pk': pk, ':h': 'HIST#' } },
      partition: { attribute: 'PK', value: pk },
      limit: query.limit,
      ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
    },
    (i) => withoutKeys<WorkOrderHistoryEntry>(i),
  );
}
