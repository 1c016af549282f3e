/**
 * Scheduling rules (issue 8, "Scheduling"): where a proposed visit of a technician
 * conflicts with their other visits, days off and working hours, and how technicians
 * rank as candidates for a work order. Pure: no I/O. Times are instants (ISO UTC);
 * working hours and days off are read in the technician's own time zone, instant by
 * instant, so a visit across a DST change is judged by the wall clock it really has.
 */
import type { Technician, Weekday } from './technicians';
import { minutesOfDay, weeklyWorkingMinutes } from './technicians';
import type { WorkOrder, WorkOrderPriority, WorkOrderStatus } from './work-orders';

/** Longest visit one assignment may book (a day shift). */
export const MAX_VISIT_MINUTES = 12 * 60;

/** A technician's booked visit for one work order (one entry per work order). */
export interface ScheduleEntry {
  readonly workOrderId: string;
  readonly technicianId: string;
  readonly start: string;
  readonly end: string;
  readonly durationMinutes: number;
  readonly assignedAt: string;
  readonly assignedBy: string;
  /** What a planner and a calendar need without reading the work order. */
  readonly workOrder: {
    readonly title: string;
    readonly priority: WorkOrderPriority;
    readonly status: WorkOrderStatus;
    readonly siteId: string | null;
    readonly assetId: string | null;
    readonly clientId: string | null;
  };
}

export type Conflict =
  | { readonly kind: 'overlap'; readonly workOrderId: string; readonly start: string; readonly end: string }
  | { readonly kind: 'day-off'; readonly date: string; readonly reason: string | null }
  | { readonly kind: 'outside-working-hours'; readonly localStart: string; readonly localEnd: string; readonly timeZone: string };

export interface Slot {
  readonly start: string;
  readonly durationMinutes: number;
}

export const slotEnd = (slot: Slot): string => new Date(Date.parse(slot.start) + slot.durationMinutes * 60_000).toISOString();

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock of an instant in a zone: local date, weekday and minutes since local midnight. */
export function localClock(instant: string | number, timeZone: string): { date: string; weekday: Weekday; minutes: number; text: string } {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  const hhmm = `${parts.hour}:${parts.minute}`;
  return { date, weekday: (parts.weekday as string).toLowerCase() as Weekday, minutes: minutesOfDay(hhmm), text: `${date}T${hhmm}` };
}

/**
 * Whether [start, end) lies inside one working period of one local day: the local
 * start and the local end (an end at local midnight counts as 24:00 of the same day).
 */
function withinWorkingHours(technician: Technician, start: string, end: string): boolean {
  const zone = technician.workingHours.timeZone;
  const from = localClock(start, zone);
  // The last minute of the visit decides the day of its end (a visit ending 17:00 ends that day).
  const last = localClock(Date.parse(end) - 60_000, zone);
  if (from.date !== last.date) return false;
  const endMinutes = last.minutes + 1;
  return technician.workingHours.periods.some((p) => p.day === from.weekday && minutesOfDay(p.start) <= from.minutes && endMinutes <= minutesOfDay(p.end));
}

/**
 * Every reason the technician cannot make this visit: another visit overlapping it
 * (adjacent visits do not overlap), a day off on the visit's local date, time outside
 * the working hours. `others` are the technician's entries; the work order's own
 * entry (a reassignment) is ignored.
 */
/** A booking whose work order was cancelled or is done no longer holds the technician's time. */
const FREES_ITS_SLOT: ReadonlySet<WorkOrderStatus> = new Set(['cancelled', 'completed', 'closed']);

export function scheduleConflicts(technician: Technician, others: readonly ScheduleEntry[], workOrderId: string, slot: Slot): Conflict[] {
  const start = slot.start;
  const end = slotEnd(slot);
  const s = Date.parse(start);
  const e = Date.parse(end);
  const conflicts: Conflict[] = [];
  for (const o of others) {
    if (o.workOrderId === workOrderId || o.technicianId !== technician.id || FREES_ITS_SLOT.has(o.workOrder.status)) continue;
    if (Date.parse(o.start) < e && s < Date.parse(o.end)) conflicts.push({ kind: 'overlap', workOrderId: o.workOrderId, start: o.start, end: o.end });
  }
  const zone = technician.workingHours.timeZone;
  const dates = new Set([localClock(start, zone).date, localClock(e - 60_000, zone).date]);
  for (const date of [...dates].sort()) {
    const off = technician.daysOff.find((d) => d.from <= date && date <= d.to);
    if (off) conflicts.push({ kind: 'day-off', date, reason: off.reason ?? null });
  }
  if (!withinWorkingHours(technician, start, end)) {
    conflicts.push({ kind: 'outside-working-hours', localStart: localClock(start, zone).text, localEnd: localClock(end, zone).text, timeZone: zone });
  }
  return conflicts;
}

/** Monday 00:00 UTC of the week of an instant, and the Monday after. */
export function weekAround(instant: string): { from: string; to: string } {
  const d = new Date(instant);
  const day = (d.getUTCDay() + 6) % 7;
  const monday = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day);
  return { from: new Date(monday).toISOString(), to: new Date(monday + 7 * 86_400_000).toISOString() };
}

export interface Candidate {
  readonly technicianId: string;
  readonly name: string;
  readonly rank: number;
  /** Share of the work order's required skills the technician has (1 when none are required). */
  readonly skillMatch: number;
  readonly missingSkills: readonly string[];
  readonly available: boolean;
  readonly conflicts: readonly Conflict[];
  /** Minutes booked in the week of the slot, and that load as a share of the weekly working time. */
  readonly bookedMinutes: number;
  readonly load: number;
  readonly reasons: readonly string[];
}

/**
 * Ranks the active technicians for a work order in a slot: every required skill
 * first, then available (no conflict) before unavailable, then a fuller skill match,
 * then the lighter week (booked share of working time), then the name. Each candidate
 * carries the reasons of its place.
 */
export function rankCandidates(
  workOrder: Pick<WorkOrder, 'id' | 'requiredSkills'>,
  technicians: readonly Technician[],
  entriesOf: (technicianId: string) => readonly ScheduleEntry[],
  slot: Slot,
): Candidate[] {
  const week = weekAround(slot.start);
  const scored = technicians
    .filter((t) => t.active)
    .map((t) => {
      const required = workOrder.requiredSkills;
      const missing = required.filter((s) => !(t.skills as readonly string[]).includes(s));
      const skillMatch = required.length === 0 ? 1 : (required.length - missing.length) / required.length;
      const entries = entriesOf(t.id);
      const conflicts = scheduleConflicts(t, entries, workOrder.id, slot);
      const booked = entries
        .filter((e) => e.workOrderId !== workOrder.id && e.start >= week.from && e.start < week.to)
        .reduce((sum, e) => sum + e.durationMinutes, 0);
      const weekly = weeklyWorkingMinutes(t.workingHours);
      const load = weekly > 0 ? booked / weekly : 1;
      const reasons = [
        missing.length === 0 ? (required.length ? `has every required skill (${required.join(', ')})` : 'no skill required') : `lacks ${missing.join(', ')}`,
        conflicts.length === 0 ? 'free in the slot' : `not free: ${conflicts.map(describeConflict).join('; ')}`,
        `${booked} min booked this week (${Math.round(load * 100)} % of working time)`,
      ];
      return { technicianId: t.id, name: t.name, skillMatch, missingSkills: missing, available: conflicts.length === 0, conflicts, bookedMinutes: booked, load, reasons };
    });
  scored.sort(
    (a, b) =>
      Number(b.missingSkills.length === 0) - Number(a.missingSkills.length === 0) ||
      Number(b.available) - Number(a.available) ||
      b.skillMatch - a.skillMatch ||
      a.load - b.load ||
      a.name.localeCompare(b.name),
  );
  return scored.map((c, i) => ({ ...c, rank: i + 1 }));
}

export function describeConflict(c: Conflict): string {
  switch (c.kind) {
    case 'overlap':
      return `overlaps work order ${c.workOrderId} (${c.start} to ${c.end})`;
    case 'day-off':
      return `day off on ${c.date}${c.reason ? ` (${c.reason})` : ''}`;
    case 'outside-working-hours':
      return `outside working hours (${c.localStart} to ${c.localEnd} ${c.timeZone})`;
  }
}

/** Statuses from which a work order can be (re)assigned. */
export const ASSIGNABLE_STATUSES: readonly WorkOrderStatus[] = ['open', 'scheduled'];

/** The entry of an assignment, with the work order's summary. */
export function scheduleEntryFor(workOrder: WorkOrder, technicianId: string, slot: Slot, by: string, now: string): ScheduleEntry {
  return {
    workOrderId: workOrder.id,
    technicianId,
    start: new Date(slot.start).toISOString(),
    end: slotEnd(slot),
    durationMinutes: slot.durationMinutes,
    assignedAt: now,
    assignedBy: by,
    workOrder: {
      title: workOrder.title,
      priority: workOrder.priority,
      status: 'scheduled',
      siteId: workOrder.siteId,
      assetId: workOrder.assetId,
      clientId: workOrder.clientId,
    },
  };
}

// ---------------------------------------------------------------------------
// Escalation

/** A critical work order still unassigned this long after creation notifies every manager. */
export const ESCALATION_AFTER_MINUTES = 30;

export const needsEscalation = (workOrder: Pick<WorkOrder, 'priority' | 'status' | 'assignedTechnicianId' | 'createdAt'>, now: string): boolean =>
  workOrder.priority === 'critical' &&
  workOrder.status === 'open' &&
  workOrder.assignedTechnicianId === null &&
  Date.parse(workOrder.createdAt) + ESCALATION_AFTER_MINUTES * 60_000 <= Date.parse(now);

// ---------------------------------------------------------------------------
// iCalendar (RFC 5545)

/** Escapes a TEXT value (RFC 5545 3.3.11). */
export const icsText = (v: string): string => v.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** Folds a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 sequence. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    const limit = out.length === 0 ? 75 : 74; // continuation lines start with a space
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n ');
}

const icsTime = (iso: string): string => new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** A calendar of the technician's entries, times in UTC; UIDs stable per work order. */
export function icsCalendar(name: string, entries: readonly ScheduleEntry[], now: string, domain = 'hydrant'): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Hydrant//Schedule//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${icsText(name)}`];
  for (const e of entries) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.workOrderId}@${domain}`,
      `DTSTAMP:${icsTime(now)}`,
      `DTSTART:${icsTime(e.start)}`,
      `DTEND:${icsTime(e.end)}`,
      `SUMMARY:${icsText(`[${e.workOrder.priority}] ${e.workOrder.title}`)}`,
      `DESCRIPTION:${icsText(`Work order ${e.workOrderId}${e.workOrder.siteId ? `, site ${e.workOrder.siteId}` : ''}${e.workOrder.assetId ? `, asset ${e.workOrder.assetId}` : ''}`)}`,
      `STATUS:${e.workOrder.status === 'cancelled' ? 'CANCELLED' : 'CONFIRMED'}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(foldLine).join('\r\n') + '\r\n';
}
