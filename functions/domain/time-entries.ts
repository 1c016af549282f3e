/**
 * Time entries: the minutes a technician spent on a work order, and their CSV
 * export for payroll. Pure rules: no I/O.
 */
import type { Principal } from './principal';

export interface TimeEntry {
  readonly id: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly workOrderId: string;
  /** Copied from the work order at logging time, so the payroll export needs no lookups. */
  readonly workOrderTitle: string;
  readonly clientId: string | null;
  readonly technicianId: string;
  readonly technicianName: string;
  readonly start: string;
  readonly end: string;
  readonly minutes: number;
  readonly note: string | null;
  readonly createdBy: string;
}

export interface NewTimeEntry {
  readonly technicianId: string;
  readonly start: string;
  readonly end?: string;
  readonly minutes?: number;
  readonly note?: string;
}

/** At most one day per entry. */
export const MAX_ENTRY_MINUTES = 24 * 60;
/** Clock skew tolerated between a device and the server (an entry ending "now", one starting as its order opens). */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

export type TimeRefusal = { readonly path: string; readonly message: string };

/**
 * The start, end and minutes of an entry given with `end` or with `minutes`.
 * Refused: both or neither given, an end not after the start, more than 24 h, or an
 * end more than five minutes in the future.
 */
export function entrySpan(input: Pick<NewTimeEntry, 'start' | 'end' | 'minutes'>, now: string): { ok: true; start: string; end: string; minutes: number } | { ok: false; refusal: TimeRefusal } {
  if ((input.end === undefined) === (input.minutes === undefined)) return { ok: false, refusal: { path: 'body', message: 'give either "end" or "minutes"' } };
  const start = Date.parse(input.start);
  const end = input.end !== undefined ? Date.parse(input.end) : start + (input.minutes as number) * 60_000;
  if (!(end > start)) return { ok: false, refusal: { path: 'body.end', message: 'must be after start' } };
  const ms = end - start;
  if (ms > MAX_ENTRY_MINUTES * 60_000) return { ok: false, refusal: { path: input.end !== undefined ? 'body.end' : 'body.minutes', message: 'an entry is at most 24 hours' } };
  if (end > Date.parse(now) + FUTURE_TOLERANCE_MS) return { ok: false, refusal: { path: input.end !== undefined ? 'body.end' : 'body.minutes', message: 'must not be in the future' } };
  return { ok: true, start: new Date(start).toISOString(), end: new Date(end).toISOString(), minutes: Math.round(ms / 60_000) };
}

/**
 * Whether an entry starts before its work order was opened: no work was done on an order
 * that did not exist yet. The same clock skew as for the end is tolerated, so a
 * device a little behind the server can log time right after opening the order.
 */
export function startsBeforeWorkOrder(start: string, workOrderCreatedAt: string): boolean {
  return Date.parse(start) < Date.parse(workOrderCreatedAt) - FUTURE_TOLERANCE_MS;
}

/** Whether the caller may log time for `technicianId`: managers for anyone, a technician only for themself. */
export function mayLogFor(principal: Principal, ownTechnicianId: string | undefined, technicianId: string): boolean {
  if (principal.role === 'admin' || principal.role === 'manager') return true;
  return principal.role === 'technician' && ownTechnicianId === technicianId;
}

export function newTimeEntry(
  id: string,
  span: { start: string; end: string; minutes: number },
  input: NewTimeEntry,
  context: { workOrder: { id: string; title: string; clientId: string | null }; technicianName: string; createdBy: string },
  now: string,
): TimeEntry {
  return {
    id,
    version: 1,
    createdAt: now,
    updatedAt: now,
    workOrderId: context.workOrder.id,
    workOrderTitle: context.workOrder.title,
    clientId: context.workOrder.clientId,
    technicianId: input.technicianId,
    technicianName: context.technicianName,
    start: span.start,
    end: span.end,
    minutes: span.minutes,
    note: input.note ?? null,
    createdBy: context.createdBy,
  };
}

// ---------------------------------------------------------------------------
// CSV for payroll (RFC 4180)

export const CSV_HEADER = ['technician_id', 'technician', 'work_order_id', 'work_order', 'start', 'end', 'minutes', 'note'] as const;

/**
 * One CSV field: a cell that a spreadsheet would run as a formula (starting with
 * `=`, `+`, `-`, `@`, tab or carriage return) gets a leading `'`; a field holding a
 * comma, a quote or a line break is quoted with inner quotes doubled (RFC 4180).
 */
export function csvField(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, CRLF-terminated as RFC 4180 asks. */
export const csvRecord = (fields: readonly (string | number | null)[]): string => `${fields.map(csvField).join(',')}\r\n`;

export const timeEntryCsvRecord = (e: TimeEntry): string =>
  csvRecord([e.technicianId, e.technicianName, e.workOrderId, e.workOrderTitle, e.start, e.end, e.minutes, e.note]);

/** The longest export range: a payroll period is at most a month or so. */
export const MAX_EXPORT_DAYS = 62;

/** The calendar months (`YYYY-MM`, UTC) that `[from, to)` touches: the export reads one partition per month. */
export function monthsBetween(from: string, to: string): string[] {
  const start = new Date(from);
  const end = Date.parse(to);
  const out: string[] = [];
  let y = start.getUTCFullYear();
  let m = start.getUTCMonth();
  while (Date.UTC(y, m, 1) < end) {
    out.push(`${y}-${String(m + 1).padStart(2, '0')}`);
    m++;
    if (m === 12) {
      m = 0;
      y++;
    }
  }
  return out;
}

export const monthOf = (iso: string): string => iso.slice(0, 7);
