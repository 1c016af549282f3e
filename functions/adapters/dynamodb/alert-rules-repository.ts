/**
 * Alert rules in the application table. Keys:
 *   item              PK = T#t#ALERT_RULE#<id>                 SK = ALERT_RULE
 *   all rules         GSI1PK = T#t#ALERT_RULES                 GSI1SK = <id>
 *   what it watches   GSI2PK = T#t#SENSOR#<sensorId>#ALERT_RULES        GSI2SK = <id>
 *                  or GSI2PK = T#t#SITE#<siteId>#KIND#<kind>#ALERT_RULES GSI2SK = <id>
 *                  or GSI2PK = T#t#ZONE#<zoneId>#ALERT_RULES        GSI2SK = <id>   (a leak rule of one zone)
 *                  or GSI2PK = T#t#ZONES#ALERT_RULES                GSI2SK = <id>   (a leak rule of every zone)
 *                  or GSI2PK = T#t#KIND#<kind>#ALERT_RULES              GSI2SK = <id>  (tenant-wide: the default rules)
 *   no-data rules     GSI3PK = ALERT_RULES#NO_DATA             GSI3SK = <tenant>#<id>
 * The no-data index is the one partition across tenants, on purpose and sparse
 * (enabled no-data rules only): the schedule that checks silences serves every
 * tenant and must find their rules without a Scan. Tenants are never read from it
 * on a request path.
 */
import type { AlertRule, WatchedSensor } from '#domain/alerts/rules';
import { Conflict } from '#platform/errors';
import { tenantKey } from './client';
import { entityRepository, partitionItems } from './entity-repository';
import { withoutKeys } from './items';
import type { Page } from './query-page';

export const alertRuleKey = (tenantId: string, id: string) => ({ PK: tenantKey(tenantId, 'ALERT_RULE', id), SK: 'ALERT_RULE' });

/** What a rule watches: one sensor, a kind of sensor on one site, a kind across the tenant, or (leak rules) one zone or every zone. */
type Watched = { readonly sensorId: string } | { readonly siteId: string; readonly kind: string } | { readonly kind: string } | { readonly zoneId: string | null };

const watchedPartition = (t: string, w: Watched): string => {
  if ('zoneId' in w) return w.zoneId === null ? tenantKey(t, 'ZONES', 'ALERT_RULES') : tenantKey(t, 'ZONE', w.zoneId, 'ALERT_RULES');
  if ('sensorId' in w) return tenantKey(t, 'SENSOR', w.sensorId, 'ALERT_RULES');
  return 'siteId' in w ? tenantKey(t, 'SITE', w.siteId, 'KIND', w.kind, 'ALERT_RULES') : tenantKey(t, 'KIND', w.kind, 'ALERT_RULES');
};

const watchedBy = (r: AlertRule): Watched => {
  if (r.condition.type === 'leak') return { zoneId: r.zoneId };
  if (r.sensorId !== null) return { sensorId: r.sensorId };
  return r.siteId !== null ? { siteId: r.siteId, kind: r.kind as string } : { kind: r.kind as string };
};

const rules = entityRepository<AlertRule>()({
  entity: 'alert-rule',
  key: alertRuleKey,
  indexes: {
    all: { name: 'GSI1', partition: (t: string) => tenantKey(t, 'ALERT_RULES'), entry: (r) => ({ in: undefined, sort: r.id }) },
    watching: {
      name: 'GSI2',
      partition: watchedPartition,
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
    // Rules stored before leak rules have no zoneId; before default rules, no `default`.
    return { ...rest, zoneId: rest.zoneId ?? null, default: rest.default ?? false };
  },
});

export const createAlertRule = rules.create;

export const getAlertRule = (tenantId: string, id: string): Promise<AlertRule | undefined> => rules.get(tenantId, id);

export async function listAlertRules(tenantId: string, q: { sensorId?: string; siteId?: string; limit: number; cursor?: string }): Promise<Page<AlertRule>> {
  return rules.list(tenantId, 'all', undefined, { limit: q.limit, cursor: q.cursor, where: { equals: { sensorId: q.sensorId, siteId: q.siteId } } });
}

export const putAlertRuleVersion = rules.putVersion;

export const deleteAlertRule = rules.deleteVersion;

/** The enabled rules that watch a sensor: its own rules, its site's rules of its kind and the tenant's rules of its kind. */
export async function rulesWatching(tenantId: string, sensor: WatchedSensor): Promise<AlertRule[]> {
  const [own, siteKind, tenantKind] = await Promise.all([
    rules.all(tenantId, 'watching', { sensorId: sensor.sensorId }),
    rules.all(tenantId, 'watching', { siteId: sensor.siteId, kind: sensor.kind }),
    rules.all(tenantId, 'watching', { kind: sensor.kind }),
  ]);
  return [...own, ...siteKind, ...tenantKind].filter((r) => r.enabled);
}

/** Writes a rule unless one with its id exists; whether it was written. */
export async function createAlertRuleIfAbsent(tenantId: string, rule: AlertRule): Promise<boolean> {
  try {
    await rules.create(tenantId, rule);
    return true;
  } catch (error) {
    if (error instanceof Conflict) return false;
    throw error;
  }
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
