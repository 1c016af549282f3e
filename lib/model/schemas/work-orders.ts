/** Work orders (issue 8, "Work orders"). */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { WORK_ORDER_PRIORITIES, WORK_ORDER_SOURCES, WORK_ORDER_STATUSES, WORK_ORDER_TYPES } from '#domain/work-orders';
import { Id, IsoDateTime, PageQuery, ResourceMeta, Text } from './common';

const Status = lazySchema(() => z.enum(WORK_ORDER_STATUSES));
const Priority = lazySchema(() => z.enum(WORK_ORDER_PRIORITIES));
const Type = lazySchema(() => z.enum(WORK_ORDER_TYPES));
const Skill = lazySchema(() => z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'lower-case words joined by hyphens').meta({ example: 'hydraulics' }));
const Finite = lazySchema(() => z.number().refine(Number.isFinite, 'must be a finite number'));

const NewChecklistItem = lazySchema(() => z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/).optional().describe('Defaults to item-<n>'),
    label: Text(200),
    kind: z.enum(['pass_fail', 'measurement']),
    unit: Text(20).optional(),
    min: Finite.optional(),
    max: Finite.optional(),
  })
  .refine((i) => i.min === undefined || i.max === undefined || i.min <= i.max, { message: 'min must not exceed max', path: ['min'] }));

const Checklist = lazySchema(() => z
  .array(NewChecklistItem)
  .max(100)
  .refine((items) => new Set(items.map((i, n) => i.id ?? `item-${n + 1}`)).size === items.length, { message: 'item ids must be unique' }));

const WorkOrderFields = lazySchema(() => ({
  title: Text(200),
  description: z.string().max(4000).optional(),
  type: Type,
  priority: Priority.default('normal'),
  source: z.enum(WORK_ORDER_SOURCES).default('manual'),
  sourceRef: Text(100).optional().describe('The alert, request or plan the work order came from'),
  assetId: Id.optional().describe('Sets siteId and clientId from the asset'),
  siteId: Id.optional().describe('Sets clientId from the site'),
  clientId: Id.optional(),
  dueAt: IsoDateTime.optional().describe('Defaults from the SLA of the priority: critical 4 h, high 24 h, normal 72 h, low 7 days'),
  requiredSkills: z.array(Skill).max(20).optional(),
  estimatedMinutes: z.int().min(1).max(100_000).optional(),
  checklist: Checklist.optional(),
  requiresSignature: z.boolean().default(false),
}));

export const CreateWorkOrderBody = lazySchema(() => z.strictObject(WorkOrderFields));

export const UpdateWorkOrderBody = lazySchema(() => z
  .strictObject({
    title: WorkOrderFields.title.optional(),
    description: z.string().max(4000).optional(),
    priority: Priority.optional(),
    dueAt: IsoDateTime.optional(),
    requiredSkills: z.array(Skill).max(20).optional(),
    estimatedMinutes: z.int().min(1).max(100_000).nullable().optional(),
    checklist: Checklist.optional().describe('Replaces the checklist (only before work starts)'),
    requiresSignature: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'at least one field is required' }));

const BooleanQuery = lazySchema(() => z.enum(['true', 'false']).transform((v) => v === 'true'));

export const ListWorkOrdersQuery = lazySchema(() => PageQuery.extend({
  status: Status.optional(),
  priority: Priority.optional(),
  type: Type.optional(),
  assetId: Id.optional(),
  siteId: Id.optional(),
  clientId: Id.optional(),
  technicianId: Id.optional(),
  overdue: BooleanQuery.optional(),
  from: IsoDateTime.optional().describe('Due at or after'),
  to: IsoDateTime.optional().describe('Due before'),
}));

const ChecklistItem = lazySchema(() => z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(['pass_fail', 'measurement']),
  unit: z.string().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
  result: z
    .object({ passed: z.boolean().optional(), value: z.number().optional(), note: z.string().optional(), ok: z.boolean(), answeredAt: IsoDateTime, answeredBy: z.string() })
    .nullable(),
}));

export const WorkOrder = lazySchema(() => z
  .object({
    ...ResourceMeta,
    title: z.string(),
    description: z.string(),
    type: Type,
    priority: Priority,
    status: Status,
    source: z.enum(WORK_ORDER_SOURCES),
    sourceRef: z.string().nullable(),
    assetId: Id.nullable(),
    siteId: Id.nullable(),
    clientId: Id.nullable(),
    dueAt: IsoDateTime,
    requiredSkills: z.array(z.string()),
    estimatedMinutes: z.int().nullable(),
    checklist: z.array(ChecklistItem),
    requiresSignature: z.boolean(),
    signature: z.object({ signedBy: z.string(), signedAt: IsoDateTime, image: z.string().optional() }).nullable(),
    assignedTechnicianId: Id.nullable(),
    scheduledStart: IsoDateTime.nullable(),
    parentWorkOrderId: Id.nullable(),
    startedAt: IsoDateTime.nullable(),
    completedAt: IsoDateTime.nullable(),
    closedAt: IsoDateTime.nullable(),
    createdBy: z.string(),
  })
  .meta({ id: 'WorkOrder' }));

export const TransitionBody = lazySchema(() => z.strictObject({
  to: Status,
  comment: z.string().trim().min(1).max(2000).optional(),
  checklist: z
    .array(z.strictObject({ itemId: z.string().min(1).max(40), passed: z.boolean().optional(), value: Finite.optional(), note: z.string().max(1000).optional() }))
    .max(100)
    .optional()
    .describe('Checklist answers recorded with the move (completion needs every item answered)'),
  signature: z
    .strictObject({ signedBy: Text(200), image: z.string().max(200_000).regex(/^data:image\/(png|svg\+xml);base64,[A-Za-z0-9+/=]+$/).optional() })
    .optional()
    .describe('Required to complete a work order that requires a signature'),
}));

export const HistoryEntry = lazySchema(() => z
  .object({ id: z.string(), workOrderId: Id, at: IsoDateTime, by: z.string(), from: Status.nullable(), to: Status, comment: z.string().nullable() })
  .meta({ id: 'WorkOrderHistoryEntry' }));

export const workOrderExample = {
  id: '01JD6A1B2C3D4E5F6G7H8J9K0M',
  version: 1,
  createdAt: '2026-11-21T09:30:00.000Z',
  updatedAt: '2026-11-21T09:30:00.000Z',
  title: 'Pompe P1: vibrations anormales',
  description: 'Vibrations relevées par le capteur VIB_001 au-dessus du seuil.',
  type: 'corrective',
  priority: 'high',
  status: 'open',
  source: 'manual',
  sourceRef: null,
  assetId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A9C',
  siteId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B',
  clientId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D',
  dueAt: '2026-11-22T09:30:00.000Z',
  requiredSkills: ['hydraulics'],
  estimatedMinutes: 120,
  checklist: [{ id: 'item-1', label: 'Pression de refoulement', kind: 'measurement', unit: 'bar', min: 3, max: 6, result: null }],
  requiresSignature: true,
  signature: null,
  assignedTechnicianId: null,
  scheduledStart: null,
  parentWorkOrderId: null,
  startedAt: null,
  completedAt: null,
  closedAt: null,
  createdBy: 'manager@hydrant.local',
};

export const historyExample = {
  id: '01JD6A1B2C3D4E5F6G7H8J9K0N',
  workOrderId: workOrderExample.id,
  at: '2026-11-21T10:00:00.000Z',
  by: 'manager@hydrant.local',
  from: 'open',
  to: 'scheduled',
  comment: 'Planifié pour demain matin',
};
