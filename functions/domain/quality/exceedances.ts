/**
 * Exceedances: a parameter beyond the limit that applies, from the first observation beyond
 * it (start) to the first one back within it (end; null while it lasts), with the worst
 * value seen, the limit and its source. One tracker per stream and bound: a sensor's
 * readings (continuous) or a sampling point's lab results of one parameter (lab). Pure.
 */
import type { Principal } from '#domain/principal';
import { canSeeClientData } from '#domain/principal';
import type { AlertRule } from '#domain/alerts/rules';
import { beyond, type AppliedBound } from './limit-sets';

export const EXCEEDANCE_ORIGINS = ['continuous', 'lab'] as const;
export type ExceedanceOrigin = (typeof EXCEEDANCE_ORIGINS)[number];

/** What an exceedance is about, before it starts. */
export interface ExceedanceSubject {
  readonly origin: ExceedanceOrigin;
  readonly siteId: string;
  readonly clientId: string | null;
  readonly samplingPointId: string | null;
  /** The sensor of a continuous exceedance (null for lab results). */
  readonly sensorId: string | null;
  readonly parameter: string;
  /** The parameter's canonical unit. */
  readonly unit: string;
}

export interface Exceedance extends ExceedanceSubject {
  readonly id: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Which bound is broken: `max` (too high) or `min` (too low). */
  readonly bound: 'min' | 'max';
  readonly limit: AppliedBound;
  readonly start: string;
  /** The first observation back within the limit; null while it lasts. */
  readonly end: string | null;
  readonly worst: { readonly value: number; readonly at: string };
  /** Observations beyond the limit. */
  readonly observations: number;
  /** The alert it raised (continuous exceedances), null otherwise. */
  readonly alertId: string | null;
}

/** Where a tracker stands: the newest observation it judged and the exceedance it keeps open. */
export interface TrackerState {
  readonly lastTs: number | null;
  readonly openId: string | null;
  readonly version: number;
}

export interface Observation {
  readonly ts: number;
  readonly value: number;
  /** Whether it is beyond the bound, when the value alone cannot say (a lab result below its LOQ); absent: judged from the value. */
  readonly beyond?: boolean;
}

export interface TrackerStep {
  readonly state: TrackerState;
  /** Every exceedance opened, changed or closed, as it now is (oldest first). */
  readonly changed: readonly Exceedance[];
  readonly opened: readonly string[];
  readonly closed: readonly string[];
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Judges observations newer than the tracker's last one, in time order, against one bound:
 * beyond it opens an exceedance (or, while one is open, keeps it and its worst value);
 * back within it closes the open one at that observation. Older observations are skipped
 * (a redelivery, or a lab result older than one already judged).
 */
export function trackExceedances(
  state: TrackerState,
  open: Exceedance | null,
  observations: readonly Observation[],
  subject: ExceedanceSubject,
  bound: 'min' | 'max',
  limit: AppliedBound,
  newId: () => string,
  now: string,
): TrackerStep {
  let current = open && open.id === state.openId ? open : null;
  let lastTs = state.lastTs;
  const changed = new Map<string, Exceedance>();
  const opened: string[] = [];
  const closed: string[] = [];
  for (const o of [...observations].sort((a, b) => a.ts - b.ts)) {
    if (lastTs !== null && o.ts <= lastTs) continue;
    lastTs = o.ts;
    if (o.beyond ?? beyond(bound, limit.value, o.value)) {
      if (!current) {
        const id = newId();
        current = { id, version: 0, createdAt: now, updatedAt: now, ...subject, bound, limit, start: iso(o.ts), end: null, worst: { value: o.value, at: iso(o.ts) }, observations: 0, alertId: null };
        opened.push(id);
      }
      const worse = bound === 'max' ? o.value > current.worst.value : o.value < current.worst.value;
      current = { ...current, observations: current.observations + 1, ...(worse ? { worst: { value: o.value, at: iso(o.ts) } } : {}) };
      changed.set(current.id, current);
    } else if (current) {
      current = { ...current, end: iso(o.ts) };
      changed.set(current.id, current);
      closed.push(current.id);
      current = null;
    }
  }
  const stamped = [...changed.values()].map((e) => ({ ...e, version: e.version + 1, updatedAt: now }));
  return { state: { lastTs, openId: current?.id ?? null, version: state.version }, changed: stamped, opened, closed };
}

export const canSeeExceedance = (principal: Principal, exceedance: Exceedance): boolean => canSeeClientData(principal, exceedance.clientId);

/** Milliseconds of `[from, to)` an exceedance covers (an open one lasts until `now`). */
export function overlapMs(exceedance: Pick<Exceedance, 'start' | 'end'>, from: number, to: number, now: number): number {
  const start = Math.max(Date.parse(exceedance.start), from);
  const end = Math.min(exceedance.end === null ? now : Date.parse(exceedance.end), to);
  return Math.max(0, end - start);
}

const describe = (e: Exceedance) => `${e.parameter} ${e.bound === 'max' ? 'above' : 'below'} ${e.limit.value} ${e.unit} (${e.limit.source})`;

/**
 * The alert rule an exceedance's alert is raised under: it names the exceedance (its id
 * stands as the rule's), its severity and work order come from the tenant set of the limit
 * (a regulatory limit: major, no work order).
 */
export function exceedanceAlertRule(e: Exceedance, settings: { severity: AlertRule['severity']; openWorkOrder: boolean }): AlertRule {
  return {
    id: e.id,
    version: 1,
    createdAt: e.createdAt,
    updatedAt: e.createdAt,
    name: `Water quality: ${describe(e)}`,
    sensorId: e.sensorId,
    siteId: null,
    kind: null,
    zoneId: null,
    condition: { type: 'threshold', comparison: e.bound === 'max' ? 'above' : 'below', value: e.limit.value, deadband: 0 },
    severity: settings.severity,
    enabled: true,
    openWorkOrder: settings.openWorkOrder,
    default: false,
  };
}
