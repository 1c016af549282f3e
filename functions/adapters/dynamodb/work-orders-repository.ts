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
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { WorkOrder, WorkOrderHistoryEntry, WorkOrderPriority, WorkOrderStatus, WorkOrderType } from '#domain/work-orders';
import { ACTIVE_STATUSES } from '#domain/work-orders';
import { ESCALATION_AFTER_MINUTES } from '#domain/scheduling';
import { Conflict, VersionConflict } from '#platform/errors';
import { documentClient, tableName, tenantKey } from './client';
import { entityRepository, listPartition, type SortCondition, type TransactItem } from './entity-repository';
import { failedConditions } from './items';
import { outboxPut, type OutboxEvent } from './outbox';
import type { Page } from './query-page';

export const workOrderKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'WO', id), SK: 'WO' });
const guardKey = (tenantId: string, key: string) => ({ PK: tenantKey(tenantId, 'WO-ONCE', key), SK: 'GUARD' });

const workOrders = entityRepository<WorkOrder>()({
  entity: 'work-order',
  key: workOrderKey,
  indexes: {
    all: { name: 'GSI1', partition: (t: string) => tenantKey(t, 'WOS'), entry: (wo) => ({ in: undefined, sort: `${wo.dueAt}#${wo.id}` }) },
    byClient: { name: 'GSI2', partition: (t: string, c: string) => tenantKey(t, 'CLIENT', c, 'WOS'), entry: (wo) => (wo.clientId ? { in: wo.clientId, sort: `${wo.dueAt}#${wo.id}` } : undefined) },
    byStatus: { name: 'GSI3', partition: (t: string, status: WorkOrderStatus) => tenantKey(t, 'WOS', 'S', status), entry: (wo) => ({ in: wo.status, sort: `${wo.dueAt}#${wo.id}` }) },
  },
});

export const workOrderItem = workOrders.item;

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

const history = entityRepository<WorkOrderHistoryEntry, Pick<WorkOrderHistoryEntry, 'workOrderId' | 'at' | 'id'>>()({
  entity: 'work-order-history',
  key: (tenantId, e) => ({ PK: workOrderKey(tenantId, e.workOrderId).PK, SK: `HIST#${e.at}#${e.id}` }),
  idOf: (e) => e,
  indexes: { ofWorkOrder: { name: 'table', partition: (t: string, workOrderId: string) => workOrderKey(t, workOrderId).PK } },
});

function historyPut(tenantId: string, entry: Omit<WorkOrderHistoryEntry, 'id'>): TransactItem {
  return { Put: { TableName: tableName, Item: history.item(tenantId, { id: ulid(), ...entry }) } };
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
    workOrders.transact.create(tenantId, workOrder),
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

export const getWorkOrder = (tenantId: string, id: string): Promise<WorkOrder | undefined> => workOrders.get(tenantId, id);

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
    workOrders.transact.putVersion(tenantId, workOrder, readVersion),
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
  const partition = q.status
    ? workOrders.partition(tenantId, 'byStatus', q.status)
    : q.clientId
      ? workOrders.partition(tenantId, 'byClient', q.clientId)
      : workOrders.partition(tenantId, 'all', undefined);
  const lower = q.from ? new Date(q.from).toISOString() : undefined;
  let upper = q.to ? new Date(q.to).toISOString() : undefined;
  if (q.overdue) {
    const now = q.now ?? new Date().toISOString();
    if (!upper || now < upper) upper = now;
  }
  if (lower && upper && lower > upper) return { items: [], nextCursor: null };
  if (q.overdue && q.status && !ACTIVE_STATUSES.includes(q.status)) return { items: [], nextCursor: null };
  const sort: SortCondition | undefined = lower && upper ? { between: [lower, upper] } : lower ? { from: lower } : upper ? { before: upper } : undefined;
  const where = {
    equals: {
      status: partition.index !== 'GSI3' ? q.status : undefined,
      clientId: partition.index !== 'GSI2' ? q.clientId : undefined,
      priority: q.priority,
      type: q.type,
      assetId: q.assetId,
      siteId: q.siteId,
      assignedTechnicianId: q.technicianId,
    },
    oneOf: { status: q.overdue && !q.status ? ACTIVE_STATUSES : undefined },
  };
  return listPartition(partition, { limit: q.limit, cursor: q.cursor, where, ...(sort ? { sort } : {}) }, workOrders.fromItem);
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
  return history.list(tenantId, 'ofWorkOrder', workOrderId, { ...query, sort: { beginsWith: 'HIST#' } });
}
