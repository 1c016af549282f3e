/**
 * Alerts and the evaluation state of each (rule, sensor) pair, in the application
 * table. Keys (all under the tenant):
 *   alert         PK = T#t#ALERT#<id>                 SK = ALERT
 *   all alerts    GSI1PK = T#t#ALERTS                  GSI1SK = <id> (ULID: newest last)
 *   by site       GSI2PK = T#t#SITE#<s>#ALERTS         GSI2SK = <id>
 *   by client     GSI3PK = T#t#CLIENT#<c>#ALERTS       GSI3SK = <id>
 *   pair state    PK = T#t#ALERT_RULE#<ruleId>        SK = STATE#<sensorId> (next to its rule)
 *   zone leak     PK = T#t#ZONE#<zoneId>              SK = LEAK_STATE       (next to its zone: the
 *     state                                           last night judged, the open leak alert)
 * plus what a raise or a clear writes in the same transaction: the domain event in
 * the outbox (the notifications worker tells the managers from it) and, for rules
 * that ask for one, the work order.
 *
 * Every change of a pair is conditioned on the state's version, so two evaluators
 * (or the evaluator and the no-data schedule) can never both raise for the same pair.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { Alert } from '#domain/alerts/alerts';
import type { EvaluationState } from '#domain/alerts/evaluate';
import { NO_LEAK_STATE, type ZoneLeakState } from '#domain/leaks/leak-alerts';
import { Conflict, NotFound } from '#platform/errors';
import { documentClient, tableName, tenantKey } from './client';
import { outboxPut, type OutboxEvent } from './outbox';
import { entityRepository, listPartition, placementIndexes, placementPartition } from './entity-repository';
import type { Page } from './query-page';
import { alertRuleKey } from './alert-rules-repository';
import { withoutKeys } from './items';
import { zoneKey } from './zones-repository';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

export const alertKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'ALERT', id), SK: 'ALERT' });
export const pairStateKey = (tenantId: string, ruleId: string, sensorId: string) => ({ PK: alertRuleKey(tenantId, ruleId).PK, SK: `STATE#${sensorId}` });

const alerts = entityRepository<Alert>()({
  entity: 'alert',
  key: alertKey,
  indexes: placementIndexes<Alert>('ALERTS'),
  consistentReads: true,
  // Alerts stored before zone alerts have neither zoneId nor leak.
  fromItem: (item) => {
    const alert = withoutKeys<Alert>(item);
    return { ...alert, zoneId: alert.zoneId ?? null, leak: alert.leak ?? null };
  },
});

const alertItem = alerts.item;

/** Another writer changed the pair (or the alert) since it was read: read again and retry. */
export class StalePairState extends Error {
  constructor(readonly ruleId: string, readonly sensorId: string) {
    super(`The evaluation state of rule ${ruleId} and sensor ${sensorId} changed meanwhile`);
  }
}

export const getAlert = (tenantId: string, id: string): Promise<Alert | undefined> => alerts.get(tenantId, id);

export interface AlertQuery {
  readonly status?: string;
  readonly severity?: string;
  readonly siteId?: string;
  readonly sensorId?: string;
  readonly zoneId?: string;
  /** Confines the list to one client's alerts. */
  readonly clientId?: string;
  readonly limit: number;
  readonly cursor?: string;
}

/** Newest first. */
export async function listAlerts(tenantId: string, q: AlertQuery): Promise<Page<Alert>> {
  const { partition, equals: placement } = placementPartition(alerts, tenantId, q, 'client');
  const equals = { status: q.status, severity: q.severity, sensorId: q.sensorId, zoneId: q.zoneId, ...placement };
  return listPartition(partition, { limit: q.limit, cursor: q.cursor, where: { equals }, newestFirst: true }, alerts.fromItem);
}

/** Saves an acknowledgement if the alert is still active and at the version read. */
export async function saveAcknowledgement(tenantId: string, alert: Alert, readVersion: number): Promise<void> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: alertItem(tenantId, alert),
        ConditionExpression: '#status = :active AND version = :v',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':active': 'active', ':v': readVersion },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    const now = await getAlert(tenantId, alert.id);
    if (!now) throw new NotFound('Alert', alert.id);
    throw new Conflict(`The alert is ${now.status}; only an active alert can be acknowledged`, 'ALERT_NOT_ACTIVE');
  }
}

// ---- evaluation state of a (rule, sensor) pair ----

export async function getPairState(tenantId: string, ruleId: string, sensorId: string): Promise<EvaluationState | undefined> {
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: pairStateKey(tenantId, ruleId, sensorId), ConsistentRead: true }));
  if (!out.Item) return undefined;
  const { PK: _pk, SK: _sk, entity: _e, sensorId: _s, ...state } = out.Item;
  return state as unknown as EvaluationState;
}

/** The states of every sensor a rule has evaluated (for the no-data schedule). */
export async function pairStatesOfRule(tenantId: string, ruleId: string): Promise<Array<{ sensorId: string; state: EvaluationState }>> {
  const out: Array<{ sensorId: string; state: EvaluationState }> = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :state)',
        ExpressionAttributeValues: { ':pk': alertRuleKey(tenantId, ruleId).PK, ':state': 'STATE#' },
        ExclusiveStartKey: startKey,
        ConsistentRead: true,
      }),
    );
    for (const item of page.Items ?? []) {
      const { PK: _pk, SK: _sk, entity: _e, sensorId, ...state } = item;
      out.push({ sensorId: sensorId as string, state: state as unknown as EvaluationState });
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return out;
}

/** Forgets the states of a deleted rule's pairs (after its open alerts were cleared). */
export async function deletePairStatesOfRule(tenantId: string, ruleId: string): Promise<void> {
  for (const { sensorId } of await pairStatesOfRule(tenantId, ruleId)) {
    await documentClient.send(new DeleteCommand({ TableName: tableName, Key: pairStateKey(tenantId, ruleId, sensorId) }));
  }
}

/** The state written as the next version, conditioned on the version read. */
function statePut(tenantId: string, ruleId: string, sensorId: string, state: EvaluationState): TransactItem {
  const read = state.version;
  return {
    Put: {
      TableName: tableName,
      Item: { ...pairStateKey(tenantId, ruleId, sensorId), entity: 'alert-pair-state', sensorId, ...state, version: read + 1 },
      ...(read === 0 ? { ConditionExpression: 'attribute_not_exists(PK)' } : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': read } }),
    },
  };
}

/** Saves the state of a pair when nothing was raised or cleared. `state.version` is the version read. */
export async function savePairState(tenantId: string, ruleId: string, sensorId: string, state: EvaluationState): Promise<void> {
  const put = statePut(tenantId, ruleId, sensorId, state).Put as NonNullable<TransactItem['Put']>;
  try {
    await documentClient.send(new PutCommand(put));
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new StalePairState(ruleId, sensorId);
    throw error;
  }
}

/** What a raise or a clear writes besides the alert and the state. */
export interface TransitionRecords {
  readonly event: OutboxEvent;
  /** More writes of the same transaction (the work order a rule with `openWorkOrder` opens). */
  readonly extraItems?: readonly TransactItem[];
}

function sideRecords(tenantId: string, records: TransitionRecords): TransactItem[] {
  return [outboxPut(tenantId, records.event), ...(records.extraItems ?? [])];
}

async function transact(items: TransactItem[], stale: () => Error): Promise<void> {
  try {
    await documentClient.send(new TransactWriteCommand({ TransactItems: items }));
  } catch (error) {
    if (error instanceof TransactionCanceledException && (error.CancellationReasons ?? []).some((r) => r.Code === 'ConditionalCheckFailed')) {
      throw stale();
    }
    throw error;
  }
}

/**
 * Raises an alert: the alert, the pair's new state (conditioned on the version
 * read, `readState.version`), the `alert.raised` event and the extra items (the
 * work order), in one transaction.
 */
export async function commitRaise(tenantId: string, ruleId: string, readVersion: number, next: EvaluationState, alert: Alert, records: TransitionRecords): Promise<void> {
  await transact(
    [
      statePut(tenantId, ruleId, alert.sensorId as string, { ...next, version: readVersion }),
      { Put: { TableName: tableName, Item: alertItem(tenantId, alert), ConditionExpression: 'attribute_not_exists(PK)' } },
      ...sideRecords(tenantId, records),
    ],
    () => new StalePairState(ruleId, alert.sensorId as string),
  );
}

/**
 * Clears an alert: the cleared alert (conditioned on the version read, so a
 * concurrent acknowledgement is not lost), the pair's new state, the
 * `alert.cleared` event, in one transaction.
 */
export async function commitClear(
  tenantId: string,
  ruleId: string,
  readVersion: number,
  next: EvaluationState,
  cleared: Alert,
  alertReadVersion: number,
  records: TransitionRecords,
): Promise<void> {
  await transact(
    [
      statePut(tenantId, ruleId, cleared.sensorId as string, { ...next, version: readVersion }),
      {
        Put: {
          TableName: tableName,
          Item: alertItem(tenantId, cleared),
          ConditionExpression: 'version = :v',
          ExpressionAttributeValues: { ':v': alertReadVersion },
        },
      },
      ...sideRecords(tenantId, records),
    ],
    () => new StalePairState(ruleId, cleared.sensorId as string),
  );
}

/**
 * The Put of an alert raised or cleared outside a rule's pair (a water-quality exceedance
 * raises its own, in the transaction of the exceedance): a new alert, or one still at `readVersion`.
 */
export const alertPut = (tenantId: string, alert: Alert, readVersion?: number): TransactItem =>
  readVersion === undefined ? alerts.transact.create(tenantId, alert) : alerts.transact.putVersion(tenantId, alert, readVersion);
// ---- a zone's leak alert (the nightly leak detector) ----

export const zoneLeakStateKey = (tenantId: string, zoneId: string) => ({ PK: zoneKey(tenantId, zoneId).PK, SK: 'LEAK_STATE' });

/** Another run changed the zone's leak state since it was read: this run leaves the zone alone. */
export class StaleZoneLeakState extends Error {
  constructor(readonly zoneId: string) {
    super(`The leak state of zone ${zoneId} changed meanwhile`);
  }
}

export async function getZoneLeakState(tenantId: string, zoneId: string): Promise<ZoneLeakState> {
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: zoneLeakStateKey(tenantId, zoneId), ConsistentRead: true }));
  if (!out.Item) return NO_LEAK_STATE;
  return { lastNight: (out.Item.lastNight as string | null) ?? null, openAlertId: (out.Item.openAlertId as string | null) ?? null, version: out.Item.version as number };
}

/** The zone's leak alert as a run changes it: a new one (`readVersion` null) or a new version of the one read. */
export interface ZoneAlertWrite {
  readonly alert: Alert;
  readonly readVersion: number | null;
}

/**
 * Commits one run's outcome for a zone in one transaction: the zone's leak state (conditioned
 * on the version read, so two runs never both raise), the alert raised, repeated or cleared
 * (a new one only if absent; a changed one at the version read, so an acknowledgement made
 * meanwhile is not lost), and the records that go with it (events, the work order).
 */
export async function commitZoneLeak(
  tenantId: string,
  zoneId: string,
  read: ZoneLeakState,
  next: Pick<ZoneLeakState, 'lastNight' | 'openAlertId'>,
  change?: ZoneAlertWrite,
  records: { readonly events?: readonly OutboxEvent[]; readonly extraItems?: readonly TransactItem[] } = {},
): Promise<void> {
  const state: TransactItem = {
    Put: {
      TableName: tableName,
      Item: { ...zoneLeakStateKey(tenantId, zoneId), entity: 'zone-leak-state', zoneId, ...next, version: read.version + 1 },
      ...(read.version === 0 ? { ConditionExpression: 'attribute_not_exists(PK)' } : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': read.version } }),
    },
  };
  const alert: TransactItem[] = change
    ? [
        {
          Put: {
            TableName: tableName,
            Item: alertItem(tenantId, change.alert),
            ...(change.readVersion === null
              ? { ConditionExpression: 'attribute_not_exists(PK)' }
              : { ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': change.readVersion } }),
          },
        },
      ]
    : [];
  const side = [...(records.events ?? []).map((e) => outboxPut(tenantId, e)), ...(records.extraItems ?? [])];
  await transact([state, ...alert, ...side], () => new StaleZoneLeakState(zoneId));
}
