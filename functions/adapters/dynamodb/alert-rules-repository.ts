/**
 * Alert rules in the application table. Keys:
 *   item              PK = T#t#ALERT_RULE#<id>                 SK = ALERT_RULE
 *   all rules         GSI1PK = T#t#ALERT_RULES                 GSI1SK = <id>
 *   what it watches   GSI2PK = T#t#SENSOR#<sensorId>#ALERT_RULES        GSI2SK = <id>
 *                  or GSI2PK = T#t#SITE#<siteId>#KIND#<kind>#ALERT_RULES GSI2SK = <id>
 *                  or GSI2PK = T#t#ZONE#<zoneId>#ALERT_RULES        GSI2SK = <id>   (a leak rule of one zone)
 *                  or GSI2PK = T#t#ZONES#ALERT_RULES                GSI2SK = <id>   (a leak rule of every zone)
 *   no-data rules     GSI3PK = ALERT_RULES#NO_DATA             GSI3SK = <tenant>#<id>
 * The no-data index is the one partition across tenants, on purpose and sparse
 * (enabled no-data rules only): the schedule that checks silences serves every
 * tenant and must find their rules without a Scan. Tenants are never read from it
 * on a request path.
 */
import type { AlertRule, WatchedSensor } from '#domain/alerts/rules';
import { tenantKey } from './client';
import { entityRepository, partitionItems } from './entity-repository';
import { withoutKeys } from './items';
import type { Page } from './query-page';

export const alertRuleKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'ALERT_RULE', id), SK: 'ALERT_RULE' });

/** What a rule watches: one sensor, a kind of sensor on one site, or (leak rules) one zone or every zone. */
type Watched = { readonly sensorId: string } | { readonly siteId: string; readonly kind: string } | { readonly zoneId: string | null };

const watchedBy = (r: AlertRule): Watched =>
  r.condition.type === 'leak' ? { zoneId: r.zoneId } : r.sensorId !== null ? { sensorId: r.sensorId } : { siteId: r.siteId as string, kind: r.kind as string };

const rules = entityRepository<AlertRule>()({
  entity: 'alert-rule',
  key: alertRuleKey,
  indexes: {
    all: { name: 'GSI1', partition: (t: string) => tenantKey(t, 'ALERT_RULES'), entry: (r) => ({ in: undefined, sort: r.id }) },
    watching: {
      name: 'GSI2',
      partition: (t: string, w: Watched) =>
        'zoneId' in w
          ? w.zoneId === null ? tenantKey(t, 'ZONES', 'ALERT_RULES') : tenantKey(t, 'ZONE', w.zoneId, 'ALERT_RULES')
          : 'sensorId' in w ? tenantKey(t, 'SENSOR', w.sensorId, 'ALERT_RULES') : tenantKey(t, 'SITE', w.siteId, 'KIND', w.kind, 'ALERT_RULES'),
      entry: (r) => ({ in: watchedBy(r), sort: r.id }),
    },
    noData: {
      name: 'GSI3',
      partition: () => 'ALERT_RULES#NO_DATA',
      entry: (r, t) => (r.enabled && r.condition.type === 'noData' ? { in: undefined, sort: `${t}#${r.id}` } : undefined),
    },
  },
  attributes: (rule, tenantId) => ({ tenantId, ...rule }),
  fromItem: (item) => {
    const { tenantId: _tenant, ...rest } = withoutKeys<AlertRule & { tenantId?: string }>(item);
    return { ...rest, zoneId: rest.zoneId ?? null }; // rules stored before leak rules have no zoneId
  },
});

export const createAlertRule = rules.create;

export const getAlertRule = (tenantId: string, id: string): Promise<AlertRule | undefined> => rules.get(tenantId, id);

export async function listAlertRules(tenantId: string, q: { sensorId?: string; siteId?: string; limit: number; cursor?: string }): Promise<Page<AlertRule>> {
  return rules.list(tenantId, 'all', undefined, { limit: q.limit, cursor: q.cursor, where: { equals: { sensorId: q.sensorId, siteId: q.siteId } } });
}

export const putAlertRuleVersion = rules.putVersion;

export const deleteAlertRule = rules.deleteVersion;

/** The enabled rules that watch a sensor: its own rules and its site's rules of its kind. */
export async function rulesWatching(tenantId: string, sensor: WatchedSensor): Promise<AlertRule[]> {
  const [own, siteKind] = await Promise.all([
    rules.all(tenantId, 'watching', { sensorId: sensor.sensorId }),
    rules.all(tenantId, 'watching', { siteId: sensor.siteId, kind: sensor.kind }),
  ]);
  return [...own, ...siteKind].filter((r) => r.enabled);
}

/** The enabled leak rules that may apply to a zone: its own and the tenant's rules of every zone (`leakRuleFor` chooses). */
export async function leakRulesOfZone(tenantId: string, zoneId: string): Promise<AlertRule[]> {
  const [own, everyZone] = await Promise.all([rules.all(tenantId, 'watching', { zoneId }), rules.all(tenantId, 'watching', { zoneId: null })]);
  return [...own, ...everyZone].filter((r) => r.enabled);
}

/** Every enabled no-data rule of every tenant (for the no-data schedule). */
export async function noDataRules(): Promise<Array<{ tenantId: string; rule: AlertRule }>> {
  const items = await partitionItems(rules.partition('', 'noData', undefined));
  return items.map((item) => ({ tenantId: item.tenantId as string, rule: rules.fromItem(item) })).filter((r) => r.rule.enabled);
}
