/**
 * The KPIs of the maintenance dashboard, as pure functions of the work orders,
 * assets, alerts and time entries a query returned. Technician utilisation shows both
 * the planned load (estimated durations of the work orders scheduled this week) and
 * the time actually logged this week (time entries).
 */
import type { TimeEntry } from './time-entries';
import type { WorkOrder } from './work-orders';
import { isOverdue } from './work-orders';

const HOUR = 3_600_000;
const mean = (xs: readonly number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
const round = (x: number | null, digits = 2): number | null => (x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);

/** Monday 00:00 UTC of the week of `now`. */
export function startOfWeek(now: string): string {
  const d = new Date(now);
  const day = (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day)).toISOString();
}

export interface WorkOrderCounts {
  readonly open: number;
  readonly scheduled: number;
  readonly inProgress: number;
  readonly onHold: number;
  readonly overdue: number;
  /** Critical work orders still to be done. */
  readonly critical: number;
  readonly completedThisWeek: number;
}

export function workOrderCounts(workOrders: readonly WorkOrder[], now: string): WorkOrderCounts {
  const week = startOfWeek(now);
  const active = workOrders.filter((w) => ['open', 'scheduled', 'in_progress', 'on_hold'].includes(w.status));
  return {
    open: workOrders.filter((w) => w.status === 'open').length,
    scheduled: workOrders.filter((w) => w.status === 'scheduled').length,
    inProgress: workOrders.filter((w) => w.status === 'in_progress').length,
    onHold: workOrders.filter((w) => w.status === 'on_hold').length,
    overdue: workOrders.filter((w) => isOverdue(w, now)).length,
    critical: active.filter((w) => w.priority === 'critical').length,
    completedThisWeek: workOrders.filter((w) => w.completedAt !== null && w.completedAt >= week && w.completedAt <= now).length,
  };
}

/** Mean time to repair, hours: creation to completion of completed corrective work orders. */
export function meanTimeToRepairHours(workOrders: readonly WorkOrder[]): number | null {
  const repairs = workOrders.filter((w) => w.type === 'corrective' && w.completedAt !== null);
  return round(mean(repairs.map((w) => (Date.parse(w.completedAt as string) - Date.parse(w.createdAt)) / HOUR)));
}

/**
 * Mean time between failures per asset, hours: the mean gap between the creation
 * of successive corrective work orders of the asset (an asset needs two failures).
 */
export function meanTimeBetweenFailuresHours(workOrders: readonly WorkOrder[]): Record<string, number> {
  const byAsset = new Map<string, number[]>();
  for (const w of workOrders) {
    if (w.type !== 'corrective' || !w.assetId || w.status === 'cancelled') continue;
    byAsset.set(w.assetId, [...(byAsset.get(w.assetId) ?? []), Date.parse(w.createdAt)]);
  }
  const out: Record<string, number> = {};
  for (const [assetId, times] of byAsset) {
    if (times.length < 2) continue;
    times.sort((a, b) => a - b);
    const gaps = times.slice(1).map((t, i) => (t - (times[i] as number)) / HOUR);
    out[assetId] = round(mean(gaps)) as number;
  }
  return out;
}

/**
 * Preventive compliance: of the preventive work orders due by `now` (not cancelled),
 * the share completed by their due date. Null when none was due.
 */
export function preventiveCompliance(workOrders: readonly WorkOrder[], now: string): { due: number; onTime: number; ratio: number | null } {
  const due = workOrders.filter((w) => w.type === 'preventive' && w.status !== 'cancelled' && w.dueAt <= now);
  const onTime = due.filter((w) => w.completedAt !== null && w.completedAt <= w.dueAt).length;
  return { due: due.length, onTime, ratio: due.length ? round(onTime / due.length, 4) : null };
}

/**
 * Backlog in hours: the estimated durations of the work still to be done, with the
 * count of work orders that have no estimate (not guessed).
 */
export function backlog(workOrders: readonly WorkOrder[]): { hours: number; withoutEstimate: number } {
  const active = workOrders.filter((w) => ['open', 'scheduled', 'in_progress', 'on_hold'].includes(w.status));
  const minutes = active.reduce((sum, w) => sum + (w.estimatedMinutes ?? 0), 0);
  return { hours: round(minutes / 60) as number, withoutEstimate: active.filter((w) => w.estimatedMinutes === null).length };
}

/**
 * Utilisation per technician: booked (planned) minutes over available minutes in the
 * period (0..; above 1 means overbooked), with the minutes actually logged beside them.
 */
export function technicianUtilisation(
  booked: ReadonlyMap<string, number>,
  available: ReadonlyMap<string, number>,
  logged: ReadonlyMap<string, number> = new Map(),
): { technicianId: string; bookedMinutes: number; loggedMinutes: number; availableMinutes: number; ratio: number | null }[] {
  return [...available.entries()].map(([technicianId, availableMinutes]) => {
    const bookedMinutes = booked.get(technicianId) ?? 0;
    return { technicianId, bookedMinutes, loggedMinutes: logged.get(technicianId) ?? 0, availableMinutes, ratio: availableMinutes > 0 ? round(bookedMinutes / availableMinutes, 4) : null };
  });
}

/** Logged minutes per technician, from time entries. */
export function loggedMinutesByTechnician(entries: Iterable<Pick<TimeEntry, 'technicianId' | 'minutes'>>): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of entries) out.set(e.technicianId, (out.get(e.technicianId) ?? 0) + e.minutes);
  return out;
}

/** Booked minutes per technician from the estimates of work orders scheduled in [from, to). */
export function bookedMinutesFromEstimates(workOrders: readonly WorkOrder[], from: string, to: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const w of workOrders) {
    if (!w.assignedTechnicianId || !w.scheduledStart || w.scheduledStart < from || w.scheduledStart >= to || w.status === 'cancelled') continue;
    out.set(w.assignedTechnicianId, (out.get(w.assignedTechnicianId) ?? 0) + (w.estimatedMinutes ?? 0));
  }
  return out;
}

/** How many of the items carry each value of `key` (assets by status, alerts by severity). */
export function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}
