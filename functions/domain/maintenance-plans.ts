/**
 * Preventive maintenance plans of an asset: every N days/weeks/months, and/or every
 * N units of a meter sensor (e.g. pump run hours), whichever comes first, opened a
 * lead time ahead. Pure rules: no I/O.
 *
 * A plan runs in cycles. A cycle's calendar due date is `anchorAt + step × interval`
 * (computed from the anchor each time, so a month-end anchor never drifts: Jan 31 →
 * Feb 28 → Mar 31); its meter due point is `meterBaseline + every`. When a cycle's
 * work order is opened the plan moves to the next cycle: a calendar due date
 * advances the step; a meter due point re-anchors the calendar on that date, since
 * the maintenance done then resets both counters.
 */
import type { NewChecklistItem, NewWorkOrder, WorkOrderPriority } from './work-orders';

export type CalendarUnit = 'days' | 'weeks' | 'months';

export interface CalendarRule {
  readonly every: number;
  readonly unit: CalendarUnit;
}

export interface MeterRule {
  /** The sensor whose latest reading is the meter (a cumulative counter such as run hours). */
  readonly sensorId: string;
  /** Units of the meter between two maintenances. */
  readonly every: number;
}

export interface WorkOrderTemplate {
  readonly priority: WorkOrderPriority;
  readonly description?: string;
  readonly requiredSkills: readonly string[];
  readonly estimatedMinutes?: number;
  readonly checklist: readonly NewChecklistItem[];
  readonly requiresSignature: boolean;
}

/** Where the plan is in its cycles (written by the schedule worker only). */
export interface PlanState {
  /** Start of the calendar series of the current cycle. */
  readonly anchorAt: string;
  /** The current cycle's calendar due date is `anchorAt + step × interval`. */
  readonly step: number;
  /** Meter value at the start of the current cycle; null until the first reading is seen. */
  readonly meterBaseline: number | null;
  /** When the baseline was read (epoch ms), for the projection. */
  readonly meterBaselineAt: number | null;
  /** How many work orders the plan has opened (the cycle number). */
  readonly cycle: number;
  readonly lastWorkOrderId: string | null;
  readonly lastDueAt: string | null;
}

export interface MaintenancePlan {
  readonly id: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly assetId: string;
  readonly siteId: string;
  readonly clientId: string | null;
  readonly title: string;
  readonly template: WorkOrderTemplate;
  readonly calendar: CalendarRule | null;
  readonly meter: MeterRule | null;
  readonly leadTimeDays: number;
  readonly enabled: boolean;
  readonly state: PlanState;
  /** The next due date as last computed (calendar, or meter projection), for listing. */
  readonly nextDueAt: string | null;
}

export interface NewMaintenancePlan {
  readonly title: string;
  readonly template: Partial<WorkOrderTemplate> & { readonly priority?: WorkOrderPriority };
  readonly calendar?: CalendarRule;
  readonly meter?: MeterRule;
  readonly leadTimeDays?: number;
  /** Start of the calendar series. @default the creation time */
  readonly startsAt?: string;
  readonly enabled?: boolean;
}

export type MaintenancePlanPatch = Partial<{
  title: string;
  template: NewMaintenancePlan['template'];
  calendar: CalendarRule | null;
  meter: MeterRule | null;
  leadTimeDays: number;
  enabled: boolean;
}>;

/** The latest reading of the meter sensor. */
export interface MeterReading {
  readonly value: number;
  /** Epoch ms. */
  readonly ts: number;
}

const DAY_MS = 86_400_000;

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();

/**
 * `anchor + times × every unit`, in UTC. Months keep the anchor's day and time, clamped
 * to the end of shorter months (Jan 31 + 1 month = Feb 28, or 29 in a leap year).
 */
export function addInterval(anchor: string, rule: CalendarRule, times: number): string {
  const d = new Date(anchor);
  if (rule.unit === 'days' || rule.unit === 'weeks') {
    const days = rule.every * times * (rule.unit === 'weeks' ? 7 : 1);
    return new Date(d.getTime() + days * DAY_MS).toISOString();
  }
  const total = d.getUTCMonth() + rule.every * times;
  const year = d.getUTCFullYear() + Math.floor(total / 12);
  const month = ((total % 12) + 12) % 12;
  const day = Math.min(d.getUTCDate(), daysInMonth(year, month));
  return new Date(Date.UTC(year, month, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds())).toISOString();
}

/** The current cycle's calendar due date, or null for a meter-only plan. */
export const calendarDueAt = (plan: Pick<MaintenancePlan, 'calendar' | 'state'>): string | null =>
  plan.calendar ? addInterval(plan.state.anchorAt, plan.calendar, plan.state.step) : null;

export interface MeterProjection {
  /** The meter value at which the cycle falls due. */
  readonly threshold: number;
  /** Whether the latest reading has reached it. */
  readonly reached: boolean;
  /**
   * When the meter reaches the threshold: the reading's time once reached, else a
   * linear projection of the rate since the baseline; null when no rate is known yet
   * (one reading, or a meter that did not move).
   */
  readonly dueAt: string | null;
}

/** Where the meter stands against the current cycle, from its latest reading. */
export function meterProjection(plan: Pick<MaintenancePlan, 'meter' | 'state'>, latest: MeterReading | undefined): MeterProjection | null {
  if (!plan.meter) return null;
  const { meterBaseline: base, meterBaselineAt: baseAt } = plan.state;
  if (base === null) return latest ? { threshold: latest.value + plan.meter.every, reached: false, dueAt: null } : null;
  const threshold = base + plan.meter.every;
  if (!latest) return { threshold, reached: false, dueAt: null };
  if (latest.value >= threshold) return { threshold, reached: true, dueAt: new Date(latest.ts).toISOString() };
  if (baseAt === null || latest.ts <= baseAt || latest.value <= base) return { threshold, reached: false, dueAt: null };
  const perMs = (latest.value - base) / (latest.ts - baseAt);
  const projected = latest.ts + (threshold - latest.value) / perMs;
  return { threshold, reached: false, dueAt: Number.isFinite(projected) ? new Date(Math.round(projected)).toISOString() : null };
}

export interface DueDecision {
  /** The due date of the current cycle: the earlier of calendar and meter. */
  readonly dueAt: string;
  readonly by: 'calendar' | 'meter';
  readonly projection: MeterProjection | null;
}

/** The current cycle's due date, whichever of calendar and meter comes first; null if neither gives one. */
export function nextDue(plan: Pick<MaintenancePlan, 'calendar' | 'meter' | 'state'>, latest: MeterReading | undefined): DueDecision | null {
  const calendar = calendarDueAt(plan);
  const projection = meterProjection(plan, latest);
  const meter = projection?.dueAt ?? null;
  if (calendar === null && meter === null) return null;
  if (meter !== null && (calendar === null || meter < calendar)) return { dueAt: meter, by: 'meter', projection };
  return { dueAt: calendar as string, by: 'calendar', projection };
}

/** When the work order of a due date is opened: the lead time ahead of it. */
export const opensAt = (dueAt: string, leadTimeDays: number): string => new Date(Date.parse(dueAt) - leadTimeDays * DAY_MS).toISOString();

/** Whether the current cycle's work order must be opened at `now` (a reached meter is due at once). */
export function isDue(plan: Pick<MaintenancePlan, 'enabled' | 'leadTimeDays'>, due: DueDecision | null, now: string): due is DueDecision {
  if (!plan.enabled || !due) return false;
  if (due.by === 'meter' && due.projection?.reached) return true;
  return opensAt(due.dueAt, plan.leadTimeDays) <= now;
}

/** The once-key of a plan's cycle: one work order per plan and due cycle, however many runs. */
export const preventiveOnceKey = (planId: string, cycle: number): string => `preventive#${planId}#${cycle}`;

/**
 * The state after the current cycle's work order is opened. A calendar due date
 * advances the step; a meter due point re-anchors the calendar on its due date.
 * The meter baseline moves to the threshold when the meter triggered (no drift), or
 * to the latest reading when the calendar did (the maintenance resets the count).
 */
export function advance(plan: MaintenancePlan, due: DueDecision, latest: MeterReading | undefined, workOrderId: string): PlanState {
  const byMeter = due.by === 'meter';
  const baseline = byMeter && due.projection ? due.projection.threshold : latest ? latest.value : plan.state.meterBaseline;
  const baselineAt = byMeter ? Date.parse(due.dueAt) : latest ? latest.ts : plan.state.meterBaselineAt;
  return {
    anchorAt: byMeter ? due.dueAt : plan.state.anchorAt,
    step: byMeter ? 1 : plan.state.step + 1,
    meterBaseline: plan.meter ? baseline : null,
    meterBaselineAt: plan.meter ? baselineAt : null,
    cycle: plan.state.cycle + 1,
    lastWorkOrderId: workOrderId,
    lastDueAt: due.dueAt,
  };
}

/** A plan's state before its first reading is seen: a meter baseline is taken from the first reading. */
export function withBaseline(state: PlanState, meter: MeterRule | null, latest: MeterReading | undefined): PlanState {
  if (!meter || state.meterBaseline !== null || !latest) return state;
  return { ...state, meterBaseline: latest.value, meterBaselineAt: latest.ts };
}

const template = (t: NewMaintenancePlan['template'], base?: WorkOrderTemplate): WorkOrderTemplate => ({
  priority: t.priority ?? base?.priority ?? 'normal',
  ...((t.description ?? base?.description) !== undefined ? { description: (t.description ?? base?.description) as string } : {}),
  requiredSkills: [...new Set(t.requiredSkills ?? base?.requiredSkills ?? [])],
  ...((t.estimatedMinutes ?? base?.estimatedMinutes) !== undefined ? { estimatedMinutes: (t.estimatedMinutes ?? base?.estimatedMinutes) as number } : {}),
  checklist: t.checklist ?? base?.checklist ?? [],
  requiresSignature: t.requiresSignature ?? base?.requiresSignature ?? false,
});

export function newMaintenancePlan(
  id: string,
  input: NewMaintenancePlan,
  asset: { id: string; siteId: string; clientId: string | null },
  latest: MeterReading | undefined,
  now: string,
): MaintenancePlan {
  const state: PlanState = withBaseline(
    { anchorAt: new Date(input.startsAt ?? now).toISOString(), step: 1, meterBaseline: null, meterBaselineAt: null, cycle: 0, lastWorkOrderId: null, lastDueAt: null },
    input.meter ?? null,
    latest,
  );
  const plan: MaintenancePlan = {
    id,
    version: 1,
    createdAt: now,
    updatedAt: now,
    assetId: asset.id,
    siteId: asset.siteId,
    clientId: asset.clientId,
    title: input.title,
    template: template(input.template),
    calendar: input.calendar ?? null,
    meter: input.meter ?? null,
    leadTimeDays: input.leadTimeDays ?? 0,
    enabled: input.enabled ?? true,
    state,
    nextDueAt: null,
  };
  return { ...plan, nextDueAt: nextDue(plan, latest)?.dueAt ?? null };
}

/** Applies a patch; a changed meter sensor takes a new baseline at its next reading. */
export function applyMaintenancePlanPatch(plan: MaintenancePlan, patch: MaintenancePlanPatch, latest: MeterReading | undefined, now: string): MaintenancePlan {
  const meter = patch.meter === undefined ? plan.meter : patch.meter;
  const sensorChanged = meter?.sensorId !== plan.meter?.sensorId;
  const state = sensorChanged ? withBaseline({ ...plan.state, meterBaseline: null, meterBaselineAt: null }, meter, latest) : plan.state;
  const next: MaintenancePlan = {
    ...plan,
    ...(patch.title !== undefined ? { title: patch.title } : {}),
    ...(patch.template !== undefined ? { template: template(patch.template, plan.template) } : {}),
    calendar: patch.calendar === undefined ? plan.calendar : patch.calendar,
    meter,
    ...(patch.leadTimeDays !== undefined ? { leadTimeDays: patch.leadTimeDays } : {}),
    ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
    state,
    version: plan.version + 1,
    updatedAt: now,
  };
  return { ...next, nextDueAt: nextDue(next, latest)?.dueAt ?? null };
}

/** A plan needs a calendar interval, a meter interval, or both. */
export const hasTrigger = (p: { calendar?: CalendarRule | null; meter?: MeterRule | null }): boolean => Boolean(p.calendar || p.meter);

/** The preventive work order of a plan's due cycle. */
export function preventiveWorkOrder(plan: MaintenancePlan, due: DueDecision): NewWorkOrder {
  const why = due.by === 'meter' && due.projection ? `meter ${plan.meter?.sensorId} at ${due.projection.threshold}` : `every ${plan.calendar?.every} ${plan.calendar?.unit}`;
  return {
    title: plan.title,
    description: (plan.template.description ?? `Preventive maintenance (${why}), plan ${plan.id}`).slice(0, 4000),
    type: 'preventive',
    priority: plan.template.priority,
    source: 'preventive',
    sourceRef: plan.id,
    assetId: plan.assetId,
    dueAt: due.dueAt,
    requiredSkills: plan.template.requiredSkills,
    ...(plan.template.estimatedMinutes !== undefined ? { estimatedMinutes: plan.template.estimatedMinutes } : {}),
    checklist: plan.template.checklist,
    requiresSignature: plan.template.requiresSignature,
  };
}

/** The asset's next maintenance: the earliest next due date of its enabled plans. */
export function earliestDue(plans: readonly Pick<MaintenancePlan, 'enabled' | 'nextDueAt'>[]): string | null {
  const dates = plans.filter((p) => p.enabled && p.nextDueAt !== null).map((p) => p.nextDueAt as string);
  return dates.length ? dates.reduce((a, b) => (a < b ? a : b)) : null;
}
