/**
 * Alert rules in the application table. Keys:
 *   item              PK = T#t#ALERT_RULE#<id>                 SK = ALERT_RULE
 *   all rules         GSI1PK = T#t#ALERT_RULES                 GSI1SK = <id>
 *   what it watches   GSI2PK = T#t#SENSOR#<sensorId>#ALERT_RULES        GSI2SK = <id>
 *                  or GSI2PK = T#t#SITE#<siteId>#KIND#<kind>#ALERT_RULES GSI2SK = <id>
 *   no-data rules     GSI3PK = ALERT_RULES#NO_DATA             GSI3SK = <tenant>#<id>
 * The no-data index is the one partition across tenants, on purpose and sparse
 * (enabled no-data rules only): the schedule that checks silences serves every
 * tenant and must find their rules without a Scan. Tenants are never read from it
 * on a request path.
 */
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { AlertRule } from '#domain/alerts/rules';
import type { WatchedSensor } from '#domain/alerts/rules';
import { NotFound, VersionConflict } from '#platform/errors';
import { documentClient, tableName, tenantKey } from './client';
import { withoutKeys } from './items';
import { queryPage, type Page } from './query-page';

export const alertRuleKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'ALERT_RULE', id), SK: 'ALERT_RULE' });

const NO_DATA_PARTITION = 'ALERT_RULES#NO_DATA';
const bySensor = (tenantId: string, sensorId: string) => tenantKey(tenantId, 'SENSOR', sensorId, 'ALERT_RULES');
const bySiteKind = (tenantId: string, siteId: string, kind: string) => tenantKey(tenantId, 'SITE', siteId, 'KIND', kind, 'ALERT_RULES');

function ruleItem(tenantId: string, rule: AlertRule): Record<string, unknown> {
  return {
    ...alertRuleKey(tenantId, rule.id),
    entity: 'alert-rule',
    GSI1PK: tenantKey(tenantId, 'ALERT_RULES'),
    GSI1SK: rule.id,
    GSI2PK: rule.sensorId !== null ? bySensor(tenantId, rule.sensorId) : bySiteKind(tenantId, rule.siteId as string, rule.kind as string),
    GSI2SK: rule.id,
    ...(rule.enabled && rule.condition.type === 'noData' ? { GSI3PK: NO_DATA_PARTITION, GSI3SK: `${tenantId}#${rule.id}` } : {}),
    tenantId,
    ...rule,
  };
}

const toRule = (item: Record<string, unknown>): AlertRule => {
  const { tenantId: _tenant, ...rest } = withoutKeys<AlertRule & { tenantId?: string }>(item);
  return rest;
};

export async function createAlertRule(tenantId: string, rule: AlertRule): Promise<void> {
  await documentClient.send(new PutCommand({ TableName: tableName, Item: ruleItem(tenantId, rule), ConditionExpression: 'attribute_not_exists(PK)' }));
}

export async function getAlertRule(tenantId: string, id: string): Promise<AlertRule | undefined> {
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: alertRuleKey(tenantId, id) }));
  return out.Item ? toRule(out.Item) : undefined;
}

export async function listAlertRules(tenantId: string, q: { sensorId?: string; siteId?: string; limit: number; cursor?: string }): Promise<Page<AlertRule>> {
  return queryPage(
    {
      tableName,
      index: 'GSI1',
      partitionAttribute: 'GSI1PK',
      partitionValue: tenantKey(tenantId, 'ALERT_RULES'),
      limit: q.limit,
      cursor: q.cursor,
      filters: { sensorId: q.sensorId, siteId: q.siteId },
    },
    toRule,
  );
}

export async function putAlertRuleVersion(tenantId: string, rule: AlertRule, readVersion: number): Promise<void> {
  try {
    await documentClient.send(
      new PutCommand({ TableName: tableName, Item: ruleItem(tenantId, rule), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': readVersion } }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) throw new VersionConflict('The alert rule changed while it was being updated; read it again');
    throw error;
  }
}

export async function deleteAlertRule(tenantId: string, id: string, readVersion: number): Promise<void> {
  try {
    await documentClient.send(
      new DeleteCommand({ TableName: tableName, Key: alertRuleKey(tenantId, id), ConditionExpression: 'version = :v', ExpressionAttributeValues: { ':v': readVersion } }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
    if (!(await getAlertRule(tenantId, id))) throw new NotFound('AlertRule', id);
    throw new VersionConflict('The alert rule changed while it was being deleted; read it again');
  }
}

async function queryAll(index: 'GSI2' | 'GSI3', partition: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: index,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': `${index}PK` },
        ExpressionAttributeValues: { ':pk': partition },
        ExclusiveStartKey: startKey,
      }),
    );
    items.push(...(out.Items ?? []));
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return items;
}

/** The enabled rules that watch a sensor: its own rules and its site's rules of its kind. */
export async function rulesWatching(tenantId: string, sensor: WatchedSensor): Promise<AlertRule[]> {
  const [own, siteKind] = await Promise.all([
    queryAll('GSI2', bySensor(tenantId, sensor.sensorId)),
    queryAll('GSI2', bySiteKind(tenantId, sensor.siteId, sensor.kind)),
  ]);
  return [...own, ...siteKind].map(toRule).filter((r) => r.enabled);
}

/** Every enabled no-data rule of every tenant (for the no-data schedule). */
export async function noDataRules(): Promise<Array<{ tenantId: string; rule: AlertRule }>> {
  const items = await queryAll('GSI3', NO_DATA_PARTITION);
  return items.map((item) => ({ tenantId: item.tenantId as string, rule: toRule(item) })).filter((r) => r.rule.enabled);
}
