/**
 * Work orders (interventions): what they hold, their SLA, their checklist and the
 * workflow `open → scheduled → in_progress ⇄ on_hold → completed → closed`, with
 * `cancelled` from open, scheduled or on_hold. Pure rules: no I/O.
 */
import type { Principal } from './principal';
import { canSeeClientData } from './principal';
import { domainEvent, type DomainEvent } from './events';

import { TECHNICIAN_MOVES, TRANSITIONS, type WorkOrderStatus } from './work-order-workflow';
export { WORK_ORDER_STATUSES, type WorkOrderStatus } from './work-order-workflow';
export const WORK_ORDER_TYPES = ['corrective', 'preventive', 'predictive', 'inspection'] as const;
export type WorkOrderType = (typeof WORK_ORDER_TYPES)[number];
export const WORK_ORDER_PRIORITIES = ['low', 'normal', 'high', 'critical'] as const;
export type WorkOrderPriority = (typeof WORK_ORDER_PRIORITIES)[number];
export const WORK_ORDER_SOURCES = ['manual', 'alert', 'request', 'preventive'] as const;
export type WorkOrderSource = (typeof WORK_ORDER_SOURCES)[number];

/** Statuses in which a work order still has to be done (it can be overdue). */
export const ACTIVE_STATUSES: readonly WorkOrderStatus[] = ['open', 'scheduled', 'in_progress', 'on_hold'];

/** The answer recorded for one checklist item. */
export interface ChecklistResult {
  readonly passed?: boolean;
  readonly value?: number;
  readonly note?: string;
  /** Pass/fail: the answer; measurement: whether the value lies in the range. */
  readonly ok: boolean;
  readonly answeredAt: string;
  readonly answeredBy: string;
}

export interface ChecklistItem {
  readonly id: string;
  readonly label: string;
  readonly kind: 'pass_fail' | 'measurement';
  readonly unit?: string;
  readonly min?: number;
  readonly max?: number;
  readonly result: ChecklistResult | null;
}

export interface Signature {
  readonly signedBy: string;
  readonly signedAt: string;
  /** The signature image as a data URL (PNG or SVG), or a typed name. */
  readonly image?: string;
}

export interface WorkOrder {
  readonly id: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly title: string;
  readonly description: string;
  readonly type: WorkOrderType;
  readonly priority: WorkOrderPriority;
  readonly status: WorkOrderStatus;
  readonly source: WorkOrderSource;
  /** The alert, request or maintenance plan the work order came from. */
  readonly sourceRef: string | null;
  readonly assetId: string | null;
  readonly siteId: string | null;
  readonly clientId: string | null;
  readonly dueAt: string;
  readonly requiredSkills: readonly string[];
  readonly estimatedMinutes: number | null;
  readonly checklist: readonly ChecklistItem[];
  readonly requiresSignature: boolean;
  readonly signature: Signature | null;
  /** Set by the scheduling part (assignment) through the repository. */
  readonly assignedTechnicianId: string | null;
  readonly scheduledStart: string | null;
  /** The work order this one was opened from (a failed inspection item). */
  readonly parentWorkOrderId: string | null;
  readonly startedAt: string | null;
  readonly completedAt: string | null;
  readonly closedAt: string | null;
  readonly createdBy: string;
}

export interface NewChecklistItem {
  readonly id?: string;
  readonly label: string;
  readonly kind: 'pass_fail' | 'measurement';
  readonly unit?: string;
  readonly min?: number;
  readonly max?: number;
}

export interface NewWorkOrder {
  readonly title: string;
  readonly description?: string;
  readonly type: WorkOrderType;
  readonly priority?: WorkOrderPriority;
  readonly source?: WorkOrderSource;
  readonly sourceRef?: string;
  readonly assetId?: string;
  readonly siteId?: string;
  readonly clientId?: string;
  readonly dueAt?: string;
  readonly requiredSkills?: readonly string[];
  readonly estimatedMinutes?: number;
  readonly checklist?: readonly NewChecklistItem[];
  readonly requiresSignature?: boolean;
  readonly parentWorkOrderId?: string;
}

export type WorkOrderPatch = Partial<{
  title: string;
  description: string;
  priority: WorkOrderPriority;
  dueAt: string;
  requiredSkills: readonly string[];
  estimatedMinutes: number | null;
  checklist: readonly NewChecklistItem[];
  requiresSignature: boolean;
  assignedTechnicianId: string | null;
  scheduledStart: string | null;
}>;

/** One entry of a work order's history. */
export interface WorkOrderHistoryEntry {
  readonly id: string;
  readonly workOrderId: string;
  readonly at: string;
  readonly by: string;
  readonly from: WorkOrderStatus | null;
  readonly to: WorkOrderStatus;
  readonly comment: string | null;
}

/** SLA: how long after creation a work order is due, by priority. */
export const SLA_HOURS: Readonly<Record<WorkOrderPriority, number>> = { critical: 4, high: 24, normal: 72, low: 168 };

export function slaDueAt(priority: WorkOrderPriority, createdAt: string): string {
  return new Date(Date.parse(createdAt) + SLA_HOURS[priority] * 3_600_000).toISOString();
}

const checklistFrom = (items: readonly NewChecklistItem[]): ChecklistItem[] =>
  items.map((item, i) => ({ ...item, id: item.id ?? `item-${i + 1}`, result: null }));

/** Where the work order is, once its site and asset are known (asset and site win over the body). */
export interface Placement {
  readonly siteId: string | null;
  readonly assetId: string | null;
  readonly clientId: string | null;
}

export function newWorkOrder(id: string, input: NewWorkOrder, placement: Placement, createdBy: string, now: string): WorkOrder {
  const priority = input.priority ?? 'normal';
  return {
    id,
    version: 1,
    createdAt: now,
    updatedAt: now,
    title: input.title,
    description: input.description ?? '',
    type: input.type,
    priority,
    status: 'open',
    source: input.source ?? 'manual',
    sourceRef: input.sourceRef ?? null,
    assetId: placement.assetId,
    siteId: placement.siteId,
    clientId: placement.clientId,
    dueAt: input.dueAt ? new Date(input.dueAt).toISOString() : slaDueAt(priority, now),
    requiredSkills: [...new Set(input.requiredSkills ?? [])],
    estimatedMinutes: input.estimatedMinutes ?? null,
    checklist: checklistFrom(input.checklist ?? []),
    requiresSignature: input.requiresSignature ?? false,
    signature: null,
    assignedTechnicianId: null,
    scheduledStart: null,
    parentWorkOrderId: input.parentWorkOrderId ?? null,
    startedAt: null,
    completedAt: null,
    closedAt: null,
    createdBy,
  };
}

export function applyWorkOrderPatch(workOrder: WorkOrder, patch: WorkOrderPatch, now: string): WorkOrder {
  const { checklist, dueAt, ...rest } = patch;
  return {
    ...workOrder,
    ...rest,
    ...(dueAt !== undefined ? { dueAt: new Date(dueAt).toISOString() } : {}),
    ...(checklist !== undefined ? { checklist: checklistFrom(checklist) } : {}),
    ...(patch.requiredSkills ? { requiredSkills: [...new Set(patch.requiredSkills)] } : {}),
    version: workOrder.version + 1,
    updatedAt: now,
  };
}

export const canSeeWorkOrder = (principal: Principal, workOrder: WorkOrder): boolean => canSeeClientData(principal, workOrder.clientId);

/** Whether a work order is past its due date and still to be done. */
export const isOverdue = (workOrder: Pick<WorkOrder, 'status' | 'dueAt'>, now: string): boolean =>
  ACTIVE_STATUSES.includes(workOrder.status) && workOrder.dueAt < now;

// ---------------------------------------------------------------------------
// Workflow

export { nextStatuses } from './work-order-workflow';

export interface Actor {
  readonly principal: Principal;
  /** The technician profile of the caller, when it has one. */
  readonly technicianId?: string;
}

const isManager = (p: Principal) => p.role === 'admin' || p.role === 'manager';

/** Whether this caller may make the move (the move itself being valid). */
export function mayMove(actor: Actor, workOrder: WorkOrder, to: WorkOrderStatus): boolean {
  if (!TRANSITIONS[workOrder.status].includes(to)) return false;
  if (isManager(actor.principal)) return true;
  if (actor.principal.role !== 'technician') return false;
  return TECHNICIAN_MOVES.has(`${workOrder.status}>${to}`) && actor.technicianId !== undefined && workOrder.assignedTechnicianId === actor.technicianId;
}

/** The statuses this caller may move the work order to. */
export const allowedMoves = (actor: Actor, workOrder: WorkOrder): WorkOrderStatus[] =>
  TRANSITIONS[workOrder.status].filter((to) => mayMove(actor, workOrder, to));

export interface ChecklistAnswer {
  readonly itemId: string;
  readonly passed?: boolean;
  readonly value?: number;
  readonly note?: string;
}

export interface TransitionRequest {
  readonly to: WorkOrderStatus;
  readonly comment?: string;
  readonly checklist?: readonly ChecklistAnswer[];
  readonly signature?: { readonly signedBy: string; readonly image?: string };
}

/** Why a transition is refused; `refuseTransition` (application/refusals.ts) maps each kind to its typed error. */
export type TransitionRefusal =
  | { readonly kind: 'invalid'; readonly allowed: readonly WorkOrderStatus[] }
  | { readonly kind: 'forbidden'; readonly allowed: readonly WorkOrderStatus[] }
  | { readonly kind: 'incomplete'; readonly missing: readonly string[]; readonly signatureMissing: boolean }
  | { readonly kind: 'bad-answer'; readonly detail: string };

export type TransitionOutcome =
  | { readonly ok: true; readonly workOrder: WorkOrder; readonly entry: Omit<WorkOrderHistoryEntry, 'id'>; readonly failedItems: readonly ChecklistItem[] }
  | { readonly ok: false; readonly refusal: TransitionRefusal };

/** Records answers on a checklist; an unknown item or a wrong kind of answer is refused. */
export function answerChecklist(
  checklist: readonly ChecklistItem[],
  answers: readonly ChecklistAnswer[],
  by: string,
  now: string,
): { ok: true; checklist: ChecklistItem[] } | { ok: false; detail: string } {
  const byId = new Map(answers.map((a) => [a.itemId, a]));
  for (const id of byId.keys()) if (!checklist.some((i) => i.id === id)) return { ok: false, detail: `No checklist item ${id}` };
  const out: ChecklistItem[] = [];
  for (const item of checklist) {
    const answer = byId.get(item.id);
    if (!answer) {
      out.push(item);
      continue;
    }
    if (item.kind === 'pass_fail') {
      if (answer.passed === undefined) return { ok: false, detail: `Checklist item ${item.id} needs "passed"` };
      out.push({ ...item, result: { passed: answer.passed, ok: answer.passed, ...(answer.note ? { note: answer.note } : {}), answeredAt: now, answeredBy: by } });
    } else {
      if (answer.value === undefined) return { ok: false, detail: `Checklist item ${item.id} needs "value"` };
      const ok = (item.min === undefined || answer.value >= item.min) && (item.max === undefined || answer.value <= item.max);
      out.push({ ...item, result: { value: answer.value, ok, ...(answer.note ? { note: answer.note } : {}), answeredAt: now, answeredBy: by } });
    }
  }
  return { ok: true, checklist: out };
}

/**
 * Decides a transition. Steps: the move must exist from the current status (else
 * `invalid` with the moves that exist); the caller must be allowed to make it (else
 * `forbidden` with the moves it may make); answers in the request are recorded;
 * completing needs every checklist item answered and the signature when required.
 * Returns the changed work order and its history entry, with the failed items
 * (a failed inspection item opens a corrective work order).
 */
export function transition(actor: Actor, workOrder: WorkOrder, request: TransitionRequest, now: string): TransitionOutcome {
  const exists = TRANSITIONS[workOrder.status];
  if (!exists.includes(request.to)) return { ok: false, refusal: { kind: 'invalid', allowed: allowedMoves(actor, workOrder) } };
  if (!mayMove(actor, workOrder, request.to)) return { ok: false, refusal: { kind: 'forbidden', allowed: allowedMoves(actor, workOrder) } };
  const by = actor.principal.username ?? actor.principal.subject;
  let checklist = [...workOrder.checklist];
  if (request.checklist?.length) {
    const answered = answerChecklist(checklist, request.checklist, by, now);
    if (!answered.ok) return { ok: false, refusal: { kind: 'bad-answer', detail: answered.detail } };
    checklist = answered.checklist;
  }
  let signature = workOrder.signature;
  if (request.signature) signature = { signedBy: request.signature.signedBy, signedAt: now, ...(request.signature.image ? { image: request.signature.image } : {}) };
  if (request.to === 'completed') {
    const missing = checklist.filter((i) => i.result === null).map((i) => i.id);
    const signatureMissing = workOrder.requiresSignature && signature === null;
    if (missing.length || signatureMissing) return { ok: false, refusal: { kind: 'incomplete', missing, signatureMissing } };
  }
  const stamps: Partial<WorkOrder> = {
    ...(request.to === 'in_progress' && workOrder.startedAt === null ? { startedAt: now } : {}),
    ...(request.to === 'completed' ? { completedAt: now } : {}),
    ...(request.to === 'closed' ? { closedAt: now } : {}),
    ...(request.to === 'in_progress' && workOrder.status === 'completed' ? { completedAt: null } : {}),
  };
  const next: WorkOrder = { ...workOrder, ...stamps, checklist, signature, status: request.to, version: workOrder.version + 1, updatedAt: now };
  const newlyFailed = request.to === 'completed' && workOrder.type === 'inspection' ? checklist.filter((i) => i.result && !i.result.ok) : [];
  return {
    ok: true,
    workOrder: next,
    entry: { workOrderId: workOrder.id, at: now, by, from: workOrder.status, to: request.to, comment: request.comment ?? null },
    failedItems: newlyFailed,
  };
}

// ---------------------------------------------------------------------------
// Events of the workflow (the outbox keeps them for webhooks and notifications)

/** `work_order.created`: a work order was opened (by a route, an alert or a maintenance plan), as it was stored. */
export function workOrderCreatedEvent(id: string, tenant: string, workOrder: WorkOrder, occurredAt: string): DomainEvent<WorkOrder> {
  return domainEvent('work_order.created', id, tenant, occurredAt, workOrder);
}

/** Who moved a work order, from which status, and why (the history entry's words). */
export interface StatusChange {
  readonly from: WorkOrderStatus;
  readonly by: string;
  readonly comment: string | null;
}

export interface WorkOrderStatusChangedData extends StatusChange {
  readonly workOrderId: string;
  readonly to: WorkOrderStatus;
  readonly workOrder: WorkOrder;
}

/** `work_order.status_changed`: a move of the workflow (a transition, or an assignment of open work); `to` is the work order's new status. */
export function workOrderStatusChangedEvent(id: string, tenant: string, change: StatusChange, workOrder: WorkOrder, occurredAt: string): DomainEvent<WorkOrderStatusChangedData> {
  return { id, type: 'work_order.status_changed', occurredAt, tenant, data: { workOrderId: workOrder.id, from: change.from, to: workOrder.status, by: change.by, comment: change.comment, workOrder } };
}

/** Who takes the work, when, and who booked it. */
export interface Assignment {
  readonly technicianId: string;
  readonly technicianUserId: string | null;
  readonly name: string;
  readonly start: string;
  readonly end: string;
  readonly by: string;
}

export interface WorkOrderAssignedData extends Assignment {
  readonly workOrderId: string;
  readonly workOrder: WorkOrder;
}

/** `work_order.assigned`: a technician booked for the work order (the first time or again). */
export function workOrderAssignedEvent(id: string, tenant: string, assignment: Assignment, workOrder: WorkOrder, occurredAt: string): DomainEvent<WorkOrderAssignedData> {
  const { technicianId, technicianUserId, name, start, end, by } = assignment;
  return { id, type: 'work_order.assigned', occurredAt, tenant, data: { workOrderId: workOrder.id, technicianId, technicianUserId, name, start, end, by, workOrder } };
}

/** The corrective work order a failed inspection item opens, linked to the inspection. */
export function correctiveFor(inspection: WorkOrder, failed: readonly ChecklistItem[]): NewWorkOrder {
  const labels = failed.map((i) => (i.kind === 'measurement' && i.result?.value !== undefined ? `${i.label}: ${i.result.value}${i.unit ? ` ${i.unit}` : ''}` : i.label));
  return {
    title: `Corrective: ${inspection.title}`.slice(0, 200),
    description: `Opened by the inspection ${inspection.id}; failed: ${labels.join('; ')}`.slice(0, 4000),
    type: 'corrective',
    priority: inspection.priority === 'low' ? 'normal' : inspection.priority,
    source: 'manual',
    requiredSkills: inspection.requiredSkills,
    parentWorkOrderId: inspection.id,
  };
}

/** The work order an alert opens (rule with `openWorkOrder: true`). */
export function workOrderForAlert(alert: { id: string; severity: string; ruleName?: string; message?: string }): NewWorkOrder {
  const priority: WorkOrderPriority = alert.severity === 'critical' ? 'critical' : alert.severity === 'major' ? 'high' : 'normal';
  return {
    title: `Alert: ${alert.ruleName ?? alert.id}`.slice(0, 200),
    description: (alert.message ?? `Opened by the alert ${alert.id}`).slice(0, 4000),
    type: 'corrective',
    priority,
    source: 'alert',
    sourceRef: alert.id,
  };
}

// ── Events of the workers ──

/**
 * `work_order.escalated`: a critical work order is still open and unassigned `afterMinutes`
 * after its creation. Its id is fixed per work order, so a work order escalates once,
 * however many runs see it.
 */
export function workOrderEscalatedEvent(tenant: string, workOrder: WorkOrder, occurredAt: string, afterMinutes: number) {
  const reason = `Critical and still unassigned ${afterMinutes} minutes after creation (due ${workOrder.dueAt})`;
  return domainEvent('work_order.escalated', `escalation-${workOrder.id}`, tenant, occurredAt, { workOrderId: workOrder.id, title: workOrder.title, reason, workOrder });
}
