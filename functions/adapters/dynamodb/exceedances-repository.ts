/**
 * Water-quality exceedances and the trackers that open and close them, in the application
 * table. Keys (all under the tenant):
 *   exceedance   PK = T#t#EXCEEDANCE#<id>                  SK = EXCEEDANCE
 *   all          GSI1PK = T#t#EXCEEDANCES                  GSI1SK = <start>#<id>
 *   by site      GSI2PK = T#t#SITE#<s>#EXCEEDANCES         GSI2SK = <start>#<id>
 *   by client    GSI3PK = T#t#CLIENT#<c>#EXCEEDANCES       GSI3SK = <start>#<id>
 *   tracker      PK = T#t#QUALITY_TRACKER#<stream>          SK = <parameter>#<bound>
 *                (stream: SENSOR#<sensorId> for readings, POINT#<pointId> for lab results)
 *
 * A tracker step is committed in one transaction conditioned on the tracker's version: its
 * state, every exceedance it opened, changed or closed, and what goes with them (the alert,
 * its outbox event, the work order), so two evaluators can never open the same exceedance.
 */
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { Exceedance, TrackerState } from '#domain/quality/exceedances';
import { documentClient, tableName, tenantKey } from './client';
import { entityRepository, listPartition, type IndexSpec, type TransactItem } from './entity-repository';
import type { Page } from './query-page';

export const exceedanceKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'EXCEEDANCE', id), SK: 'EXCEEDANCE' });

const sortOf = (e: Exceedance) => `${e.start}#${e.id}`;
const all: IndexSpec<Exceedance, undefined> = { name: 'GSI1', partition: (t) => tenantKey(t, 'EXCEEDANCES'), entry: (e) => ({ in: undefined, sort: sortOf(e) }) };
const bySite: IndexSpec<Exceedance, string> = { name: 'GSI2', partition: (t, s) => tenantKey(t, 'SITE', s, 'EXCEEDANCES'), entry: (e) => ({ in: e.siteId, sort: sortOf(e) }) };
const byClient: IndexSpec<Exceedance, string> = {
  name: 'GSI3',
  partition: (t, c) => tenantKey(t, 'CLIENT', c, 'EXCEEDANCES'),
  entry: (e) => (e.clientId ? { in: e.clientId, sort: sortOf(e) } : undefined),
};

const exceedances = entityRepository<Exceedance>()({ entity: 'exceedance', key: exceedanceKey, indexes: { all, bySite, byClient }, consistentReads: true });

export const getExceedance = (tenantId: string, id: string): Promise<Exceedance | undefined> => exceedances.get(tenantId, id);

export interface ExceedanceQuery {
  readonly siteId?: string;
  readonly clientId?: string;
  readonly parameter?: string;
  /** Only exceedances that started before `to` (ISO) ... */
  readonly to?: string;
  /** ... and had not ended by `from` (ISO). */
  readonly from?: string;
  readonly limit: number;
  readonly cursor?: string;
}

/** A page of exceedances, newest start first: of a site (and client), of a client, or all. */
export async function listExceedances(tenantId: string, q: ExceedanceQuery): Promise<Page<Exceedance>> {
  const partition = q.siteId ? exceedances.partition(tenantId, 'bySite', q.siteId) : q.clientId ? exceedances.partition(tenantId, 'byClient', q.clientId) : exceedances.partition(tenantId, 'all', undefined);
  const equals = { parameter: q.parameter, ...(q.siteId && q.clientId ? { clientId: q.clientId } : {}) };
  const from = q.from;
  return listPartition(
    partition,
    { limit: q.limit, cursor: q.cursor, where: { equals }, newestFirst: true, ...(q.to ? { sort: { before: q.to } } : {}) },
    exceedances.fromItem,
    from ? (e) => e.end === null || e.end > from : undefined,
  );
}

/** Every exceedance of a site overlapping `[from, to)` (ISO). */
export const exceedancesOfSite = async (tenantId: string, siteId: string, from: string, to: string): Promise<Exceedance[]> =>
  (await exceedances.all(tenantId, 'bySite', siteId, { sort: { before: to } })).filter((e) => e.end === null || e.end > from);

const trackerKey = (tenantId: string, stream: string, parameter: string, bound: string) => ({ PK: tenantKey(tenantId, 'QUALITY_TRACKER', stream), SK: `${parameter}#${bound}` });

/** The tracker's state (version 0 when it never judged anything). */
export async function getTracker(tenantId: string, stream: string, parameter: string, bound: string): Promise<TrackerState> {
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: trackerKey(tenantId, stream, parameter, bound), ConsistentRead: true }));
  const item = out.Item;
  return item ? { lastTs: (item.lastTs as number | null) ?? null, openId: (item.openId as string | null) ?? null, version: item.version as number } : { lastTs: null, openId: null, version: 0 };
}

/** Another writer moved the tracker since it was read: read it again. */
export class StaleTracker extends Error {}

/**
 * Commits a tracker step: its new state (version + 1, conditioned on the version read), the
 * exceedances it changed (created at version 1, else conditioned on the previous version) and
 * `extraItems` (alerts, outbox events, work orders).
 */
export async function commitTrackerStep(
  tenantId: string,
  tracker: { stream: string; parameter: string; bound: string },
  state: TrackerState,
  changed: readonly Exceedance[],
  extraItems: readonly TransactItem[],
): Promise<void> {
  const statePut: TransactItem = {
    Put: {
      TableName: tableName,
      Item: { ...trackerKey(tenantId, tracker.stream, tracker.parameter, tracker.bound), entity: 'quality-tracker', lastTs: state.lastTs, openId: state.openId, version: state.version + 1 },
      ...(state.version === 0 ? { ConditionExpression: 'attribute_not_exists(PK)' } : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': state.version } }),
    },
  };
  const writes = changed.map((e) => (e.version === 1 ? exceedances.transact.create(tenantId, e) : exceedances.transact.putVersion(tenantId, e, e.version - 1)));
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: [statePut, ...writes, ...extraItems] }));
  } catch (error) {
    if (error instanceof TransactionCanceledException && error.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')) throw new StaleTracker('The quality tracker changed meanwhile');
    throw error;
  }
}
