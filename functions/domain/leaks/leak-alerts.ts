/**
 * The leak loop's decisions: what the nightly run does with a zone's leak alert once the
 * detector (`detectLeaks`) has judged the zone's night line. Pure: no I/O.
 *
 * One active leak alert per zone. Per zone and run, with the zone's stored state (the last
 * night judged, the open alert):
 *   - the newest night was already judged          -> nothing (a second run is harmless)
 *   - an open leak event and no open alert         -> raise `leak.suspected`
 *   - an open leak event and an open alert         -> repeat: the alert's figures follow the
 *                                                     event, `count` + 1, `lastSeenNight`
 *   - no open leak event and an open alert         -> clear `leak.cleared` (the line returned,
 *                                                     or the alarm was withdrawn unconfirmed)
 *   - neither                                      -> only the night judged moves on
 * The alert is an ordinary alert (same store, list and acknowledgement) whose subject is
 * the zone (`zoneId`) and whose `leak` holds the figures. The leak rule that applies to the
 * zone (`leakRuleFor`) chooses its severity and whether a leak-investigation work order opens,
 * routed to technicians with the `leak-detection` skill.
 */
import { clearedAlert, type Alert, type LeakFigures } from '#domain/alerts/alerts';
import type { AlertRule, Severity } from '#domain/alerts/rules';
import { domainEvent, type DomainEvent } from '#domain/events';
import { workOrderForAlert, type NewWorkOrder } from '#domain/work-orders';
import type { Detection, LeakEvent } from './detector';

/** What the loop keeps per zone between runs. */
export interface ZoneLeakState {
  /** The newest night already judged (YYYY-MM-DD); null before the first run. */
  readonly lastNight: string | null;
  readonly openAlertId: string | null;
  /** 0 when never stored; every write is conditioned on it. */
  readonly version: number;
}

export const NO_LEAK_STATE: ZoneLeakState = { lastNight: null, openAlertId: null, version: 0 };

/** The newest night of the line the run judges: its label and where its window starts. */
export interface JudgedNight {
  readonly night: string;
  readonly windowStart: number;
}

export type LeakAlertDecision =
  | { readonly kind: 'already-judged' }
  | { readonly kind: 'quiet' }
  | { readonly kind: 'raise'; readonly event: LeakEvent }
  | { readonly kind: 'repeat'; readonly event: LeakEvent }
  | { readonly kind: 'clear'; readonly event: LeakEvent | null; readonly reason: string };

/** Severity of a leak alert raised without a rule. */
export const DEFAULT_LEAK_SEVERITY: Severity = 'major';
/** The skill a leak investigation asks for (the candidate ranking puts its holders first). */
export const LEAK_INVESTIGATION_SKILL = 'leak-detection';
const DETECTOR_NAME = 'Leak detector (night flow)';

/** Decides what the run does for one zone; `newest` is the newest night of the line (null: none). */
export function decideLeakAlert(state: ZoneLeakState, detection: Detection, newest: JudgedNight | null): LeakAlertDecision {
  if (newest === null || (state.lastNight !== null && newest.night <= state.lastNight)) return { kind: 'already-judged' };
  const open = state.openAlertId !== null;
  if (detection.active) return { kind: open ? 'repeat' : 'raise', event: detection.active };
  if (!open) return { kind: 'quiet' };
  const last = detection.events.at(-1) ?? null;
  return { kind: 'clear', event: last, reason: clearReason(last) };
}

function clearReason(event: LeakEvent | null): string {
  if (event?.outcome === 'cleared') return `the night line returned on ${event.clearedNight}`;
  if (event?.outcome === 'withdrawn') return 'withdrawn: a week on, the added flow was not distinguishable from zero';
  return 'the night line shows no leak';
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

function figures(event: LeakEvent, newest: JudgedNight, count: number): LeakFigures {
  const [lo, hi] = event.addedFlowInterval95M3h;
  return {
    startNight: event.startNight,
    detectedNight: event.detectedNight,
    baselineM3h: r3(event.baselineM3h),
    addedFlowM3h: r3(event.addedFlowM3h),
    addedFlowInterval95M3h: [r3(lo), r3(hi)],
    volumeLostM3: r3(event.volumeLostM3),
    count,
    lastSeenNight: newest.night,
    clearedNight: event.clearedNight,
  };
}

const message = (zoneName: string, f: LeakFigures) =>
  `Leak suspected in zone ${zoneName} since the night of ${f.startNight}: +${f.addedFlowM3h} m³/h ` +
  `(95 % ${f.addedFlowInterval95M3h[0]} to ${f.addedFlowInterval95M3h[1]}), ${f.volumeLostM3} m³ lost so far`;

/** The zone a leak alert is about. */
export interface AlertedZone {
  readonly id: string;
  readonly name: string;
  readonly siteId: string | null;
  readonly clientId: string | null;
}

/** The leak alert a raise creates; `rule` is the leak rule that applies to the zone, if any. */
export function raisedLeakAlert(id: string, zone: AlertedZone, rule: AlertRule | undefined, event: LeakEvent, newest: JudgedNight, now: string): Alert {
  const leak = figures(event, newest, 1);
  return {
    id,
    version: 1,
    createdAt: now,
    updatedAt: now,
    ruleId: rule?.id ?? null,
    ruleName: rule?.name ?? DETECTOR_NAME,
    conditionType: 'leak',
    severity: rule?.severity ?? DEFAULT_LEAK_SEVERITY,
    sensorId: null,
    siteId: zone.siteId,
    kind: null,
    zoneId: zone.id,
    clientId: zone.clientId,
    status: 'active',
    message: message(zone.name, leak),
    raisedBy: { ts: new Date(newest.windowStart).toISOString(), value: leak.addedFlowM3h },
    raisedAt: now,
    acknowledgedAt: null,
    acknowledgedBy: null,
    clearedAt: null,
    clearedBy: null,
    workOrderRequested: rule?.openWorkOrder ?? false,
    leak,
  };
}

/** A further night with the leak still open: one alert, its figures and count brought up to date. */
export function repeatedLeakAlert(alert: Alert, zoneName: string, event: LeakEvent, newest: JudgedNight, now: string): Alert {
  const leak = figures(event, newest, (alert.leak?.count ?? 0) + 1);
  return { ...alert, version: alert.version + 1, updatedAt: now, message: message(zoneName, leak), leak };
}

/** The leak alert cleared; its figures are the closed event's when the detector still holds it. */
export function clearedLeakAlert(alert: Alert, decision: Extract<LeakAlertDecision, { kind: 'clear' }>, newest: JudgedNight, now: string): Alert {
  const previous = alert.leak;
  const leak: LeakFigures | null = decision.event
    ? { ...figures(decision.event, newest, previous?.count ?? 1), lastSeenNight: previous?.lastSeenNight ?? newest.night, clearedNight: decision.event.clearedNight ?? newest.night }
    : previous && { ...previous, clearedNight: newest.night };
  return { ...clearedAlert(alert, { at: newest.windowStart, value: leak?.addedFlowM3h ?? null, reason: decision.reason }, now), leak };
}

/** `leak.suspected`: the zone's leak alert was raised (data: the alert, with its `leak` figures). */
export const leakSuspectedEvent = (id: string, tenant: string, alert: Alert, occurredAt: string): DomainEvent<Alert> => domainEvent('leak.suspected', id, tenant, occurredAt, alert);

/** `leak.cleared`: the zone's leak alert was cleared (data: the cleared alert). */
export const leakClearedEvent = (id: string, tenant: string, alert: Alert, occurredAt: string): DomainEvent<Alert> => domainEvent('leak.cleared', id, tenant, occurredAt, alert);

/** The leak-investigation work order a leak alert opens when its rule asks for one. */
export function leakInvestigation(alert: Alert, zoneName: string): NewWorkOrder {
  return {
    ...workOrderForAlert(alert),
    title: `Leak investigation: zone ${zoneName}`.slice(0, 200),
    description: `${alert.message}. Step-test the zone and survey it with acoustic loggers.`.slice(0, 4000),
    type: 'inspection',
    requiredSkills: [LEAK_INVESTIGATION_SKILL],
  };
}
