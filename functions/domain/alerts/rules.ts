/**
 * Alert rules: what to watch (one sensor, or every sensor of a kind at a site), the
 * condition that raises an alert, and how severe it is. Pure: no I/O.
 */
import type { SensorKind } from '#domain/telemetry/types';
import { firstVersion } from '#domain/versions';

export const SEVERITIES = ['critical', 'major', 'minor', 'warning'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CONDITION_TYPES = ['threshold', 'duration', 'rateOfChange', 'anomaly', 'noData', 'leak', 'transient'] as const;
export type ConditionType = (typeof CONDITION_TYPES)[number];

export type Comparison = 'above' | 'below';

/** Raised when the value crosses `value`; cleared only once it is back past `value ∓ deadband` (hysteresis). */
export interface ThresholdCondition {
  readonly type: 'threshold';
  readonly comparison: Comparison;
  readonly value: number;
  readonly deadband: number;
}

/** A threshold that must hold for `seconds` (reading time) before the alert is raised. */
export interface DurationCondition {
  readonly type: 'duration';
  readonly comparison: Comparison;
  readonly value: number;
  readonly deadband: number;
  readonly seconds: number;
}

/** The change between two successive readings, per minute, beyond `perMinute` in the given direction. */
export interface RateOfChangeCondition {
  readonly type: 'rateOfChange';
  readonly perMinute: number;
  readonly direction: 'rising' | 'falling' | 'either';
}

/** |z| > k against the mean and standard deviation of the trailing window (readings before this one). */
export interface AnomalyCondition {
  readonly type: 'anomaly';
  readonly k: number;
  readonly windowMinutes: number;
  /** Readings the window must hold before anything is judged an anomaly. */
  readonly minSamples: number;
}

/** Nothing received for `minutes`; checked by a schedule, cleared by the next reading. */
export interface NoDataCondition {
  readonly type: 'noData';
  readonly minutes: number;
}

/**
 * A leak suspected on a zone's night line: raised and cleared by the nightly leak detector
 * (`detect-leaks`), not by readings. A rule with this condition chooses, for the zones it
 * covers (its `zoneId`, or every zone of the tenant when it names none), the leak alert's
 * severity and whether it opens a leak-investigation work order.
 */
export interface LeakCondition {
  readonly type: 'leak';
}

/**
 * A pressure transient whose amplitude exceeds `limitM` (metres of head) in a high-rate
 * burst posted to `POST /v1/sensors/{id}/transients`; the zone's `transientLimitM`, when
 * set, takes precedence. Not judged on ordinary readings.
 */
export interface TransientCondition {
  readonly type: 'transient';
  readonly limitM: number;
}

export type AlertCondition = ThresholdCondition | DurationCondition | RateOfChangeCondition | AnomalyCondition | NoDataCondition | LeakCondition | TransientCondition;

/**
 * What a rule watches. Sensor conditions: either `sensorId`, or `siteId` + `kind` (every
 * sensor of that kind at the site), or `kind` alone (every sensor of that kind in the
 * tenant: the default rules). A leak rule: `zoneId` (one zone), or nothing (every zone of
 * the tenant).
 */
export interface AlertRuleScope {
  readonly sensorId: string | null;
  readonly siteId: string | null;
  readonly kind: SensorKind | null;
  readonly zoneId: string | null;
}

export interface AlertRule extends AlertRuleScope {
  readonly id: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly name: string;
  readonly condition: AlertCondition;
  readonly severity: Severity;
  readonly enabled: boolean;
  /** Open a work order (source `alert`) when an alert of this rule is raised, one per alert. */
  readonly openWorkOrder: boolean;
  /** One of the rules every tenant starts with (`default-rules.ts`), tenant-wide on its kind. */
  readonly default: boolean;
}

export interface NewAlertRule {
  readonly name: string;
  readonly sensorId?: string;
  readonly siteId?: string;
  readonly kind?: SensorKind;
  readonly zoneId?: string;
  readonly condition: AlertCondition;
  readonly severity: Severity;
  readonly enabled: boolean;
  readonly openWorkOrder: boolean;
  readonly default?: boolean;
}

export interface AlertRulePatch {
  readonly name?: string;
  readonly condition?: AlertCondition;
  readonly severity?: Severity;
  readonly enabled?: boolean;
  readonly openWorkOrder?: boolean;
}

export function newAlertRule(id: string, input: NewAlertRule, now: string): AlertRule {
  return {
    ...firstVersion(id, now),
    name: input.name,
    sensorId: input.sensorId ?? null,
    siteId: input.sensorId ? null : (input.siteId ?? null),
    kind: input.sensorId ? null : (input.kind ?? null),
    zoneId: input.zoneId ?? null,
    condition: input.condition,
    severity: input.severity,
    enabled: input.enabled,
    openWorkOrder: input.openWorkOrder,
    default: input.default ?? false,
  };
}

/** The scope cannot change: a rule watching other sensors is another rule. */
export function applyAlertRulePatch(rule: AlertRule, patch: AlertRulePatch, now: string): AlertRule {
  return { ...rule, ...patch, version: rule.version + 1, updatedAt: now };
}

/** The sensor facts a rule's scope is matched against. */
export interface WatchedSensor {
  readonly sensorId: string;
  readonly siteId: string;
  readonly kind: SensorKind;
}

export function ruleWatches(rule: AlertRuleScope & { readonly condition: AlertCondition }, sensor: WatchedSensor): boolean {
  if (rule.condition.type === 'leak') return false;
  if (rule.sensorId !== null) return rule.sensorId === sensor.sensorId;
  if (rule.siteId === null) return rule.kind === sensor.kind;
  return rule.siteId === sensor.siteId && rule.kind === sensor.kind;
}

/**
 * A stable text of the condition: evaluation memory (duration start, trailing window)
 * made under another condition is forgotten when the condition changes.
 */
export function conditionKey(condition: AlertCondition): string {
  return JSON.stringify(Object.fromEntries(Object.entries(condition).sort(([a], [b]) => a.localeCompare(b))));
}

/** Human-readable text of a condition, for alert messages. */
export function describeCondition(c: AlertCondition): string {
  switch (c.type) {
    case 'threshold':
      return `value ${c.comparison} ${c.value}`;
    case 'duration':
      return `value ${c.comparison} ${c.value} for ${c.seconds} s`;
    case 'rateOfChange':
      return `${c.direction === 'either' ? 'change' : c.direction} faster than ${c.perMinute} per minute`;
    case 'anomaly':
      return `|z| > ${c.k} against the last ${c.windowMinutes} min`;
    case 'noData':
      return `no data for ${c.minutes} min`;
    case 'leak':
      return 'leak suspected on the night line';
    case 'transient':
      return `pressure transient over ${c.limitM} m`;
  }
}

/** A condition change that would move a rule between sensors and zones: the scope cannot change. */
export const changesSubject = (rule: AlertRule, patch: AlertRulePatch): boolean => patch.condition !== undefined && (patch.condition.type === 'leak') !== (rule.condition.type === 'leak');

/**
 * The leak rule that applies to a zone's leak alerts: among the enabled leak rules, the
 * one naming the zone, else one covering every zone of the tenant (the oldest first, ids
 * being ULIDs); none: the alert is raised without a rule (severity `major`, no work order).
 */
export function leakRuleFor(rules: readonly AlertRule[], zoneId: string): AlertRule | undefined {
  const leak = rules.filter((r) => r.enabled && r.condition.type === 'leak').sort((a, b) => a.id.localeCompare(b.id));
  return leak.find((r) => r.zoneId === zoneId) ?? leak.find((r) => r.zoneId === null);
}
