/** Alerts raised by the rules (issue 4, "Alerts"); the rules are in `alert-rules.ts`. */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { ALERT_STATUSES } from '#domain/alerts/alerts';
import { CONDITION_TYPES } from '#domain/alerts/rules';
import { alertRuleExample, Kind, SensorId, Severity } from './alert-rules';
import { Id, IsoDateTime, PageQuery, ResourceMeta } from './common';

const Status = lazySchema(() => z.enum(ALERT_STATUSES));

export const ListAlertsQuery = lazySchema(() => PageQuery.extend({
  status: Status.optional(),
  severity: Severity.optional(),
  siteId: Id.optional(),
  sensorId: SensorId.optional(),
  zoneId: Id.optional().describe("A zone's leak alerts"),
}));

export const LeakFigures = lazySchema(() => z
  .object({
    startNight: z.string().describe('First night of the leak as estimated (local date of the zone)'),
    detectedNight: z.string(),
    baselineM3h: z.number().describe('The night flow expected without the leak'),
    addedFlowM3h: z.number().describe('Estimated flow the leak adds, m³/h'),
    addedFlowInterval95M3h: z.tuple([z.number(), z.number()]).describe('95 % interval of the added flow'),
    volumeLostM3: z.number().describe('Volume lost from the start night through the last night seen'),
    count: z.int().describe('Nightly runs that saw the leak open (repeats are grouped on this one alert)'),
    lastSeenNight: z.string(),
    clearedNight: z.string().nullable(),
  })
  .meta({ id: 'LeakFigures' }));

export const Alert = lazySchema(() => z
  .object({
    ...ResourceMeta,
    ruleId: Id.nullable().describe('The rule that raised it; for a leak alert the leak rule that applied (null: none)'),
    ruleName: z.string(),
    conditionType: z.enum(CONDITION_TYPES).describe('`leak`: a leak suspected on a zone\'s night line (the nightly leak detector); `transient`: a pressure transient of a burst posted to POST /v1/sensors/{id}/transients'),
    severity: Severity,
    sensorId: SensorId.nullable().describe("The sensor of a sensor alert; null for a zone's leak alert"),
    siteId: Id.nullable(),
    kind: Kind.nullable(),
    zoneId: Id.nullable().describe('The zone of a leak alert (`conditionType` leak); null for a sensor alert'),
    clientId: Id.nullable(),
    status: Status,
    message: z.string(),
    raisedBy: z.object({ ts: IsoDateTime, value: z.number().nullable() }),
    raisedAt: IsoDateTime,
    acknowledgedAt: IsoDateTime.nullable(),
    acknowledgedBy: z.object({ subject: z.string(), username: z.string().nullable() }).nullable(),
    clearedAt: IsoDateTime.nullable(),
    clearedBy: z.object({ ts: IsoDateTime, value: z.number().nullable(), reason: z.string() }).nullable(),
    workOrderRequested: z.boolean(),
    leak: LeakFigures.nullable().describe("A leak alert's figures, updated by each nightly run while it lasts"),
  })
  .meta({ id: 'Alert' }));

export const alertExample = {
  id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A11',
  version: 1,
  createdAt: '2026-11-21T09:31:02.000Z',
  updatedAt: '2026-11-21T09:31:02.000Z',
  ruleId: alertRuleExample.id,
  ruleName: alertRuleExample.name,
  conditionType: 'threshold',
  severity: 'major',
  sensorId: 'PH_001',
  siteId: alertRuleExample.siteId,
  kind: 'ph',
  zoneId: null,
  clientId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D',
  status: 'active',
  message: 'pH too high at the plant: PH_001 9.1 is above 8.5',
  raisedBy: { ts: '2026-11-21T09:31:00.000Z', value: 9.1 },
  raisedAt: '2026-11-21T09:31:02.000Z',
  acknowledgedAt: null,
  acknowledgedBy: null,
  clearedAt: null,
  clearedBy: null,
  workOrderRequested: false,
  leak: null,
};

/** A zone's leak alert as `leak.suspected` carries it (and `GET /v1/alerts/{id}` answers it). */
export const leakAlertExample = {
  ...alertExample,
  id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7M01',
  ruleId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7R02',
  ruleName: 'Leaks in every zone',
  conditionType: 'leak',
  sensorId: null,
  kind: null,
  zoneId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7Z01',
  message: 'Leak suspected in zone Croix-Rousse since the night of 2026-11-18: +4.2 m³/h (95 % 3.1 to 5.3), 302.4 m³ lost so far',
  raisedBy: { ts: '2026-11-21T02:00:00.000Z', value: 4.2 },
  raisedAt: '2026-11-21T06:00:04.000Z',
  workOrderRequested: true,
  leak: {
    startNight: '2026-11-18',
    detectedNight: '2026-11-20',
    baselineM3h: 21.5,
    addedFlowM3h: 4.2,
    addedFlowInterval95M3h: [3.1, 5.3],
    volumeLostM3: 302.4,
    count: 1,
    lastSeenNight: '2026-11-20',
    clearedNight: null,
  },
};
