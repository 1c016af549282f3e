/**
 * Alerts: raised by a rule for one sensor, or by the nightly leak detector for one zone
 * (`zoneId`, `leak`; see `#domain/leaks/leak-alerts`), acknowledged by staff, cleared when the
 * condition is over. Raising and clearing produce domain events (`alert.raised`,
 * `alert.cleared`), which the outbox relays to webhooks and to the notifications worker
 * (which tells every manager); a rule with `openWorkOrder` opens a work order.
 */
import type { Principal } from '#domain/principal';
import { canSeeClientData } from '#domain/principal';
import type { SensorKind } from '#domain/telemetry/types';
import type { Transition } from './evaluate';
import type { AlertRule, ConditionType, Severity } from './rules';

export const ALERT_STATUSES = ['active', 'acknowledged', 'cleared'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** The sensor an alert is about, as the sensor registry knows it. */
export interface AlertedSensor {
  readonly sensorId: string;
  readonly siteId: string;
  readonly kind: SensorKind;
  /** The client the sensor's site belongs to (null: the operator's own); client users see only theirs. */
  readonly clientId: string | null;
}

/**
 * A leak alert's figures (from the detector's open event), kept up to date by each nightly
 * run while it lasts: repeats are grouped on the one alert (`count`, `lastSeenNight`).
 */
export interface LeakFigures {
  /** First night of the leak as estimated (local date of the zone, YYYY-MM-DD). */
  readonly startNight: string;
  readonly detectedNight: string;
  /** The night flow expected without the leak, m³/h. */
  readonly baselineM3h: number;
  readonly addedFlowM3h: number;
  /** 95 % interval of the added flow, m³/h. */
  readonly addedFlowInterval95M3h: readonly [number, number];
  /** Volume lost from the start night through the last night seen, m³. */
  readonly volumeLostM3: number;
  /** Nights the detector has judged with the leak open (the first raise counts 1). */
  readonly count: number;
  /** The latest night the leak was still seen. */
  readonly lastSeenNight: string;
  /** The first night the line had returned, once cleared. */
  readonly clearedNight: string | null;
}

export interface Alert {
  readonly id: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** The rule that raised it; for a leak alert, the leak rule that applied (null: none). */
  readonly ruleId: string | null;
  readonly ruleName: string;
  readonly conditionType: ConditionType;
  readonly severity: Severity;
  /** The sensor of a sensor alert; null for a zone's leak alert. */
  readonly sensorId: string | null;
  /** The sensor's site, or the zone's (null: a zone without a site). */
  readonly siteId: string | null;
  readonly kind: SensorKind | null;
  /** The zone of a leak alert; null for a sensor alert. */
  readonly zoneId: string | null;
  readonly clientId: string | null;
  readonly status: AlertStatus;
  readonly message: string;
  /** The reading that raised it (value null for a no-data alert). */
  readonly raisedBy: { readonly ts: string; readonly value: number | null };
  readonly raisedAt: string;
  readonly acknowledgedAt: string | null;
  readonly acknowledgedBy: { readonly subject: string; readonly username: string | null } | null;
  readonly clearedAt: string | null;
  /** The reading that cleared it. */
  readonly clearedBy: { readonly ts: string; readonly value: number | null; readonly reason: string } | null;
  /** The rule asked for a work order: one was opened with the alert (source `alert`). */
  readonly workOrderRequested: boolean;
  /** A leak alert's figures; null for a sensor alert. */
  readonly leak: LeakFigures | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** What raising or clearing reads of a transition: when, the reading, why and which alert (an exceedance gives the same). */
export type AlertChange = Pick<Transition, 'at' | 'value' | 'reason' | 'alertId'>;

export function raisedAlert(rule: AlertRule, sensor: AlertedSensor, transition: AlertChange, now: string): Alert {
  return {
    id: transition.alertId,
    version: 1,
    createdAt: now,
    updatedAt: now,
    ruleId: rule.id,
    ruleName: rule.name,
    conditionType: rule.condition.type,
    severity: rule.severity,
    sensorId: sensor.sensorId,
    siteId: sensor.siteId,
    kind: sensor.kind,
    zoneId: null,
    clientId: sensor.clientId,
    status: 'active',
    message: `${rule.name}: ${sensor.sensorId} ${transition.reason}`,
    raisedBy: { ts: iso(transition.at), value: transition.value },
    raisedAt: now,
    acknowledgedAt: null,
    acknowledgedBy: null,
    clearedAt: null,
    clearedBy: null,
    workOrderRequested: rule.openWorkOrder,
    leak: null,
  };
}

/** The alert once cleared (an acknowledged alert keeps who acknowledged it); `transition` says when, on what value and why. */
export function clearedAlert(alert: Alert, transition: Pick<Transition, 'at' | 'value' | 'reason'>, now: string): Alert {
  return {
    ...alert,
    version: alert.version + 1,
    updatedAt: now,
    status: 'cleared',
    clearedAt: now,
    clearedBy: { ts: iso(transition.at), value: transition.value, reason: transition.reason },
  };
}

export function acknowledgedAlert(alert: Alert, who: Principal, now: string): Alert {
  return {
    ...alert,
    version: alert.version + 1,
    updatedAt: now,
    status: 'acknowledged',
    acknowledgedAt: now,
    acknowledgedBy: { subject: who.subject, username: who.username ?? null },
  };
}

export const canSeeAlert = (principal: Principal, alert: Alert): boolean => canSeeClientData(principal, alert.clientId);

import type { DomainEvent } from '../events';

export type { DomainEvent };

export function alertEvent(id: string, type: 'alert.raised' | 'alert.cleared', tenant: string, alert: Alert, occurredAt: string): DomainEvent<Alert> {
  return { id, type, occurredAt, tenant, data: alert };
}

/** The `sensor.offline` event's data: which sensor went silent, since when, and the alert that says so. */
export interface SensorOfflineData {
  readonly sensorId: string;
  readonly siteId: string;
  readonly kind: SensorKind;
  readonly clientId: string | null;
  readonly alertId: string;
  readonly ruleId: string;
  /** The newest reading before the silence (null: the sensor never sent one). */
  readonly lastReadingAt: string | null;
}

/** The `pressure.transient` event's data: the pressure sensor, the alert, the largest swing and when it began. */
export interface PressureTransientData {
  readonly sensorId: string;
  readonly siteId: string;
  readonly clientId: string | null;
  readonly alertId: string;
  readonly ruleId: string;
  readonly amplitudeM: number | null;
  readonly at: string;
}

/**
 * The `pressure.transient` event a transient alert carries beside its `alert.raised`, for
 * partners that follow network stress rather than alerts. Null for other conditions.
 */
export function pressureTransientEvent(id: string, tenant: string, alert: Alert): DomainEvent<PressureTransientData> | null {
  if (alert.conditionType !== 'transient') return null;
  const { sensorId, siteId, clientId, ruleId } = alert;
  if (sensorId === null || siteId === null || ruleId === null) return null;
  return { id, type: 'pressure.transient', occurredAt: alert.raisedAt, tenant, data: { sensorId, siteId, clientId, alertId: alert.id, ruleId, amplitudeM: alert.raisedBy.value, at: alert.raisedBy.ts } };
}

/**
 * The `sensor.offline` event a no-data alert carries beside its `alert.raised`: partners
 * that watch devices rather than alerts subscribe to this one. Null for other conditions.
 */
export function sensorOfflineEvent(id: string, tenant: string, alert: Alert, lastReadingAt: string | null): DomainEvent<SensorOfflineData> | null {
  if (alert.conditionType !== 'noData') return null;
  const { sensorId, siteId, kind, clientId, ruleId } = alert;
  if (sensorId === null || siteId === null || kind === null || ruleId === null) return null;
  return { id, type: 'sensor.offline', occurredAt: alert.raisedAt, tenant, data: { sensorId, siteId, kind, clientId, alertId: alert.id, ruleId, lastReadingAt } };
}
