/** Preventive maintenance plans. */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { SENSOR_ID_PATTERN } from '#domain/telemetry/types';
import { WORK_ORDER_PRIORITIES } from '#domain/work-orders';
import { Id, IsoDateTime, PageQuery, ResourceMeta, Text } from './common';
import { CreateWorkOrderBody } from './work-orders';

const Calendar = lazySchema(() => z.strictObject({ every: z.int().min(1).max(1000), unit: z.enum(['days', 'weeks', 'months']) }));

const Meter = lazySchema(() => z.strictObject({
  sensorId: z.string().regex(SENSOR_ID_PATTERN, 'a sensor id').describe('A sensor of the tenant whose readings are a cumulative counter (e.g. run hours)'),
  every: z.number().positive().max(1e9).refine(Number.isFinite, 'must be finite'),
}));

const Template = lazySchema(() => z.strictObject({
  priority: z.enum(WORK_ORDER_PRIORITIES).optional(),
  description: z.string().max(4000).optional(),
  requiredSkills: CreateWorkOrderBody.shape.requiredSkills,
  estimatedMinutes: CreateWorkOrderBody.shape.estimatedMinutes,
  checklist: CreateWorkOrderBody.shape.checklist,
  requiresSignature: z.boolean().optional(),
}));

export const CreateMaintenancePlanBody = lazySchema(() => z
  .strictObject({
    title: Text(200),
    template: Template.default({}),
    calendar: Calendar.optional().describe('Every N days, weeks or months (months clamp at the month end)'),
    meter: Meter.optional().describe('Every N units of a meter sensor; with calendar, whichever comes first'),
    leadTimeDays: z.int().min(0).max(365).default(0).describe('The work order is opened this many days before it is due'),
    startsAt: IsoDateTime.optional().describe('Start of the calendar series; default now'),
    enabled: z.boolean().default(true),
  })
  .refine((b) => b.calendar !== undefined || b.meter !== undefined, { message: 'give calendar, meter or both', path: ['calendar'] }));

export const UpdateMaintenancePlanBody = lazySchema(() => z
  .strictObject({
    title: Text(200).optional(),
    template: Template.optional(),
    calendar: Calendar.nullable().optional(),
    meter: Meter.nullable().optional(),
    leadTimeDays: z.int().min(0).max(365).optional(),
    enabled: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'at least one field is required' }));

export const ListMaintenancePlansQuery = PageQuery;

export const MaintenancePlan = lazySchema(() => z
  .object({
    ...ResourceMeta,
    assetId: Id,
    siteId: Id,
    clientId: Id.nullable(),
    title: z.string(),
    template: z.object({
      priority: z.enum(WORK_ORDER_PRIORITIES),
      description: z.string().optional(),
      requiredSkills: z.array(z.string()),
      estimatedMinutes: z.int().optional(),
      checklist: z.array(z.object({ id: z.string().optional(), label: z.string(), kind: z.enum(['pass_fail', 'measurement']), unit: z.string().optional(), min: z.number().optional(), max: z.number().optional() })),
      requiresSignature: z.boolean(),
    }),
    calendar: z.object({ every: z.int(), unit: z.enum(['days', 'weeks', 'months']) }).nullable(),
    meter: z.object({ sensorId: z.string(), every: z.number() }).nullable(),
    leadTimeDays: z.int(),
    enabled: z.boolean(),
    state: z.object({
      anchorAt: IsoDateTime,
      step: z.int(),
      meterBaseline: z.number().nullable(),
      meterBaselineAt: z.number().nullable().describe('Epoch ms of the baseline reading'),
      cycle: z.int().describe('Work orders opened so far'),
      lastWorkOrderId: Id.nullable(),
      lastDueAt: IsoDateTime.nullable(),
    }),
    nextDueAt: IsoDateTime.nullable().describe('Calendar due date or meter projection, whichever first'),
  })
  .meta({ id: 'MaintenancePlan' }));

export const maintenancePlanExample = {
  id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7P01',
  version: 1,
  createdAt: '2026-11-21T09:30:00.000Z',
  updatedAt: '2026-11-21T09:30:00.000Z',
  assetId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8C',
  siteId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B',
  clientId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D',
  title: 'Révision trimestrielle pompe P2',
  template: { priority: 'normal', requiredSkills: ['hydraulics'], estimatedMinutes: 120, checklist: [{ label: 'Graissage des paliers', kind: 'pass_fail' }], requiresSignature: false },
  calendar: { every: 3, unit: 'months' },
  meter: { sensorId: 'RUNHOURS_P2', every: 500 },
  leadTimeDays: 7,
  enabled: true,
  state: { anchorAt: '2026-11-21T09:30:00.000Z', step: 1, meterBaseline: 1210, meterBaselineAt: 1763717400000, cycle: 0, lastWorkOrderId: null, lastDueAt: null },
  nextDueAt: '2027-02-21T09:30:00.000Z',
};

export const AssetIdParams = lazySchema(() => z.strictObject({ id: Id }));
