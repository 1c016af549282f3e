/**
 * Schedule entries and calendar feeds in the application table. Keys:
 *   entry            PK = T#t#SCHED#<workOrderId>           SK = SCHED
 *   a technician's   GSI1PK = T#t#TECH#<techId>#SCHED       GSI1SK = <start>#<workOrderId>
 *   the tenant's     GSI2PK = T#t#SCHED                     GSI2SK = <start>#<workOrderId>
 *   booking clock    PK = T#t#TECH#<techId>#SCHEDCLOCK      SK = CLOCK   (version, bumped by every
 *                    assignment of the technician: two planners booking the same technician at
 *                    once cannot both pass the overlap check)
 *   feed             PK = FEED#<feedId>                     SK = FEED   (the ICS URL carries no tenant:
 *                    the feed names it; the token is kept as its SHA-256 only)
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ScheduleEntry } from '#domain/scheduling';
import { MAX_VISIT_MINUTES } from '#domain/scheduling';
import type { WorkOrder, WorkOrderHistoryEntry } from '#domain/work-orders';
import { Conflict } from '#platform/errors';
import { documentClient, tableName, tenantKey } from './client';
import { withoutKeys } from './items';
import type { OutboxEvent } from './outbox';
import { updateWorkOrder } from './work-orders-repository';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const entryKey = (tenantId: string, workOrderId: string) => ({ PK: tenantKey(tenantId, 'SCHED', workOrderId), SK: 'SCHED' });
const clockKey = (tenantId: string, technicianId: string) => ({ PK: tenantKey(tenantId, 'TECH', technicianId, 'SCHEDCLOCK'), SK: 'CLOCK' });
const technicianPartition = (tenantId: string, technicianId: string) => tenantKey(tenantId, 'TECH', technicianId, 'SCHED');

function entryItem(tenantId: string, e: ScheduleEntry): Record<string, unknown> {
  const sort = `${e.start}#${e.workOrderId}`;
  return { ...entryKey(tenantId, e.workOrderId), entity: 'schedule-entry', GSI1PK: technicianPartition(tenantId, e.technicianId), GSI1SK: sort, GSI2PK: tenantKey(tenantId, 'SCHED'), GSI2SK: sort, ...e };
}

/** The booking clock of a technician: read before checking conflicts, written with the entry. */
export async function readBookingClock(tenantId: string, technicianId: string): Promise<number> {
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: clockKey(tenantId, technicianId), ConsistentRead: true }));
  return (out.Item?.version as number | undefined) ?? 0;
}

/**
 * Entries whose visit meets [from, to): those starting before `to` and ending after
 * `from` (no visit is longer than MAX_VISIT_MINUTES, which bounds the lookback).
 * Without `technicianId`, the tenant's. At most `max` entries, in start order.
 */
export async function entriesBetween(tenantId: string, range: { from: string; to: string; technicianId?: string }, max = 1000): Promise<ScheduleEntry[]> {
  const lookback = new Date(Date.parse(range.from) - MAX_VISIT_MINUTES * 60_000).toISOString();
  const byTechnician = range.technicianId !== undefined;
  const out: ScheduleEntry[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: byTechnician ? 'GSI1' : 'GSI2',
        KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
        FilterExpression: '#end > :start',
        ExpressionAttributeNames: { '#pk': byTechnician ? 'GSI1PK' : 'GSI2PK', '#sk': byTechnician ? 'GSI1SK' : 'GSI2SK', '#end': 'end' },
        ExpressionAttributeValues: {
          ':pk': byTechnician ? technicianPartition(tenantId, range.technicianId as string) : tenantKey(tenantId, 'SCHED'),
          ':from': lookback,
          // `#` sorts before every ULID character: entries starting exactly at `to` are excluded.
          ':to': `${range.to}#`,
          ':start': range.from,
        },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) out.push(withoutKeys<ScheduleEntry>(item));
    startKey = page.LastEvaluatedKey;
  } while (startKey && out.length < max);
  return out.filter((e) => e.start < range.to).slice(0, max);
}

export async function getScheduleEntry(tenantId: string, workOrderId: string): Promise<ScheduleEntry | undefined> {
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: entryKey(tenantId, workOrderId) }));
  return out.Item ? withoutKeys<ScheduleEntry>(out.Item) : undefined;
}

/**
 * Commits an assignment: the work order (at the version read), its history entry and
 * events, the schedule entry (replacing a previous one of the same work order) and the
 * technician's booking clock (at the version read), in one transaction. 409
 * `SCHEDULE_CHANGED` when another booking of the technician landed meanwhile.
 */
export async function commitAssignment(
  tenantId: string,
  change: { workOrder: WorkOrder; readVersion: number; entry: ScheduleEntry; clockVersion: number; history: Omit<WorkOrderHistoryEntry, 'id'>; events: readonly OutboxEvent[] },
): Promise<void> {
  const clock: TransactItem = {
    Put: {
      TableName: tableName,
      Item: { ...clockKey(tenantId, change.entry.technicianId), entity: 'schedule-clock', version: change.clockVersion + 1 },
      ConditionExpression: change.clockVersion === 0 ? 'attribute_not_exists(PK)' : 'version = :v',
      ...(change.clockVersion === 0 ? {} : { ExpressionAttributeValues: { ':v': change.clockVersion } }),
    },
  };
  const entry: TransactItem = { Put: { TableName: tableName, Item: entryItem(tenantId, change.entry) } };
  try {
    await updateWorkOrder(tenantId, change.workOrder, change.readVersion, { history: change.history, events: change.events, items: [entry, clock] });
  } catch (error) {
    if (error instanceof Conflict && error.code === 'WORK_ORDER_CONFLICT') {
      throw new Conflict("Another booking of this technician was made meanwhile; read the technician's schedule again", 'SCHEDULE_CHANGED');
    }
    throw error;
  }
}

/** Updates the status copied into a work order's entry (e.g. when it is cancelled), if it has one. */
export async function syncEntryStatus(tenantId: string, workOrder: WorkOrder): Promise<void> {
  const entry = await getScheduleEntry(tenantId, workOrder.id);
  if (!entry || entry.workOrder.status === workOrder.status) return;
  await documentClient.send(new PutCommand({ TableName: tableName, Item: entryItem(tenantId, { ...entry, workOrder: { ...entry.workOrder, status: workOrder.status } }) }));
}

// ---------------------------------------------------------------------------
// Calendar feeds

export interface CalendarFeed {
  readonly id: string;
  readonly tenantId: string;
  readonly technicianId: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly tokenSha256: string;
}

const feedKey = (feedId: string) => ({ PK: `FEED#${feedId}`, SK: 'FEED' });
export const tokenDigest = (token: string): string => createHash('sha256').update(token).digest('hex');

export async function createFeed(feed: CalendarFeed): Promise<void> {
  await documentClient.send(
    new PutCommand({
      TableName: tableName,
      Item: { ...feedKey(feed.id), entity: 'calendar-feed', ...feed },
      ConditionExpression: 'attribute_not_exists(PK)',
    }),
  );
}

/** The feed of a tenant (undefined when it belongs to another tenant or was revoked). */
export async function getFeed(tenantId: string, feedId: string): Promise<CalendarFeed | undefined> {
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: feedKey(feedId) }));
  const feed = out.Item ? withoutKeys<CalendarFeed>(out.Item) : undefined;
  return feed && feed.tenantId === tenantId ? feed : undefined;
}

/** The feed a URL names, when its token matches (compared in constant time). */
export async function feedForToken(feedId: string, token: string): Promise<CalendarFeed | undefined> {
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: feedKey(feedId) }));
  if (!out.Item) return undefined;
  const feed = withoutKeys<CalendarFeed>(out.Item);
  const expected = Buffer.from(feed.tokenSha256, 'hex');
  const actual = Buffer.from(tokenDigest(token), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual) ? feed : undefined;
}

export async function deleteFeed(tenantId: string, feedId: string): Promise<void> {
  try {
    await documentClient.send(
      new DeleteCommand({ TableName: tableName, Key: feedKey(feedId), ConditionExpression: 'tenantId = :t', ExpressionAttributeValues: { ':t': tenantId } }),
    );
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return;
    throw error;
  }
}
