/** Alert rules: a condition on a sensor's readings that raises an alert. */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { SEVERITIES } from '#domain/alerts/rules';
import { SENSOR_ID_PATTERN, SENSOR_KINDS } from '#domain/telemetry/types';
import { Id, PageQuery, ResourceMeta, Text } from './common';

export const SensorId = lazySchema(() => z.string().regex(SENSOR_ID_PATTERN, 'must match ^[A-Z0-9_]{2,64}$').meta({ example: 'PH_001' }));

export const Kind = lazySchema(() => z.enum(SENSOR_KINDS));

export const Severity = lazySchema(() => z.enum(SEVERITIES));

const Comparison = lazySchema(() => z.enum(['above', 'below']));

const Finite = lazySchema(() => z.number().refine(Number.isFinite, 'must be a finite number'));

export const AlertCondition = lazySchema(() => z
  .discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('threshold'),
      comparison: Comparison,
      value: Finite,
      deadband: z.number().min(0).max(1e9).default(0).describe('How far back past the threshold the value must go to clear the alert'),
    }),
    z.strictObject({
      type: z.literal('duration'),
      comparison: Comparison,
      value: Finite,
      deadband: z.number().min(0).max(1e9).default(0),
      seconds: z.int().min(1).max(86_400).describe('How long the threshold must hold, in reading time'),
    }),
    z.strictObject({
      type: z.literal('rateOfChange'),
      perMinute: z.number().positive().max(1e9).describe('Magnitude of change per minute between successive readings'),
      direction: z.enum(['rising', 'falling', 'either']).default('either'),
    }),
    z.strictObject({
      type: z.literal('anomaly'),
      k: z.number().positive().max(100).default(3).describe('Raise when |z| > k'),
      windowMinutes: z.int().min(5).max(10_080).default(60).describe('Trailing window the mean and standard deviation are taken over'),
      minSamples: z.int().min(2).max(10_000).default(10),
    }),
    z.strictObject({
      type: z.literal('transient'),
      limitM: z.number().positive().max(1_000).describe('Raise when a pressure transient of a burst (POST /v1/sensors/{id}/transients) swings more than this, metres of head; the zone\'s transientLimitM takes precedence'),
    }),
    z.strictObject({
      type: z.literal('noData'),
      minutes: z.int().min(1).max(10_080).describe('Raise when nothing arrived for this long (checked every minute)'),
    }),
    z
      .strictObject({ type: z.literal('leak') })
      .describe("A zone's leak alert (raised by the nightly leak detector): the rule chooses its severity and whether a leak-investigation work order opens; scoped by zoneId, or every zone when it names none"),
  ])
  .describe('What raises the alert'));

export const CreateAlertRuleBody = lazySchema(() => z
  .strictObject({
    name: Text(200),
    sensorId: SensorId.optional().describe('One sensor; or give siteId and kind'),
    siteId: Id.optional(),
    kind: Kind.optional(),
    zoneId: Id.optional().describe('A leak rule (condition leak) of one zone; a leak rule without it covers every zone'),
    condition: AlertCondition,
    severity: Severity,
    enabled: z.boolean().default(true),
    openWorkOrder: z.boolean().default(false),
  })
  .refine((b) => b.condition.type === 'leak' || (b.sensorId !== undefined) !== (b.siteId !== undefined || b.kind !== undefined), {
    message: 'give either sensorId, or siteId and kind',
    path: ['sensorId'],
  })
  .refine((b) => b.condition.type === 'leak' || b.sensorId !== undefined || (b.siteId !== undefined && b.kind !== undefined), {
    message: 'siteId and kind go together',
    path: ['kind'],
  })
  .refine((b) => b.condition.type === 'leak' || b.zoneId === undefined, { message: 'zoneId goes with a leak condition only', path: ['zoneId'] })
  .refine((b) => b.condition.type !== 'leak' || (b.sensorId === undefined && b.siteId === undefined && b.kind === undefined), {
    message: 'a leak rule watches zones: give zoneId, or nothing for every zone',
    path: ['condition'],
  }));

export const UpdateAlertRuleBody = lazySchema(() => z
  .strictObject({
    name: Text(200).optional(),
    condition: AlertCondition.optional(),
    severity: Severity.optional(),
    enabled: z.boolean().optional(),
    openWorkOrder: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'at least one field is required' }));

export const ListAlertRulesQuery = lazySchema(() => PageQuery.extend({ sensorId: SensorId.optional(), siteId: Id.optional() }));

export const AlertRule = lazySchema(() => z
  .object({
    ...ResourceMeta,
    name: z.string(),
    sensorId: SensorId.nullable(),
    siteId: Id.nullable(),
    kind: Kind.nullable(),
    zoneId: Id.nullable().describe('The zone of a leak rule; null: every zone (leak rules) or not a leak rule'),
    condition: AlertCondition,
    severity: Severity,
    enabled: z.boolean(),
    openWorkOrder: z.boolean().describe('Open a work order (source `alert`) when an alert is raised, one per alert'),
    default: z.boolean().describe('One of the rules every tenant starts with: watches every sensor of its kind in the tenant (sensorId and siteId null); tune or disable it with PATCH'),
  })
  .meta({ id: 'AlertRule' }));

export const alertRuleExample = {
  id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7R01',
  version: 1,
  createdAt: '2026-11-21T09:30:00.000Z',
  updatedAt: '2026-11-21T09:30:00.000Z',
  name: 'pH too high at the plant',
  sensorId: null,
  siteId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B',
  kind: 'ph',
  zoneId: null,
  condition: { type: 'threshold', comparison: 'above', value: 8.5, deadband: 0.2 },
  severity: 'major',
  enabled: true,
  openWorkOrder: false,
  default: false,
};
