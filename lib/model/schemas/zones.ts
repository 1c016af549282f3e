/**
 * Zones (issue 15): district metered areas. Request and resource schemas; the checks that
 * are domain rules (closed rings, night window, meters) come from `#domain/leaks/zones`.
 * The routes are in `lib/model/routes/zones.ts`.
 */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import {
  DEFAULT_LEGITIMATE_NIGHT_USE_L_PER_CONNECTION_PER_HOUR,
  DEFAULT_NIGHT_WINDOW,
  meterIssues,
  pressureSensorIssues,
  nightWindowIssues,
  polygonIssues,
  type ZoneIssue,
  type ZoneMeter as ZoneMeterInput,
} from '#domain/leaks/zones';
import { isValidTimeZone } from '#domain/telemetry/calendar';
import { Id, IsoDateTime, PageQuery, ResourceMeta, Text } from './common';
import { SensorId } from './sensors';

const report = (ctx: z.RefinementCtx, issues: readonly ZoneIssue[], prefix: readonly (string | number)[] = []) => {
  for (const issue of issues) {
    const path = issue.path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    ctx.addIssue({ code: 'custom', message: issue.message, path: [...prefix, ...path] });
  }
};

const Position = lazySchema(() => z.array(z.number()).min(2).max(3));

/** A GeoJSON Polygon whose rings are closed, have >= 4 positions and [lon, lat] in range. */
export const Polygon = lazySchema(() => z
  .strictObject({
    type: z.literal('Polygon'),
    coordinates: z.array(z.array(Position)),
  })
  .superRefine((p, ctx) => report(ctx, polygonIssues(p, '')))
  .meta({ id: 'Polygon', description: 'GeoJSON Polygon (RFC 7946): rings of [longitude, latitude]' }));

const Hhmm = lazySchema(() => z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time HH:MM'));

export const NightWindow = lazySchema(() => z
  .strictObject({ start: Hhmm, end: Hhmm })
  .superRefine((w, ctx) => report(ctx, nightWindowIssues(w, '')))
  .describe('Local wall-clock window of the minimum night flow; end before start crosses midnight'));

const TimeZone = lazySchema(() => z
  .string()
  .max(64)
  .refine((v) => isValidTimeZone(v), 'must be an IANA time zone such as Europe/Paris')
  .meta({ example: 'Europe/Paris' }));

const ZoneMeter = lazySchema(() => z.strictObject({
  sensorId: SensorId,
  direction: z.enum(['in', 'out']).describe('in: the flow enters the zone; out: it leaves to a neighbour'),
}));

const ZoneFields = lazySchema(() => ({
  name: Text(200),
  siteId: Id.optional(),
  boundary: Polygon,
  meters: z.array(ZoneMeter).min(1).max(50).describe('Flow sensors whose signed sum is the zone net inflow'),
  pressureSensorIds: z.array(SensorId).max(50).default([]),
  serviceConnections: z.int().min(0).max(10_000_000).describe('Number of service connections (Nc)'),
  mainsLengthKm: z.number().positive().max(100_000).describe('Length of mains, km (Lm)'),
  connectionsLengthKm: z.number().min(0).max(100_000).optional().describe('Private pipe from property boundary to customer meters, km (Lp); 0 when absent'),
  averagePressureM: z.number().positive().max(1_000).optional().describe('Average zone pressure, metres of head'),
  transientLimitM: z.number().positive().max(1_000).optional().describe('Pressure transients swinging more than this, metres of head peak to trough, raise a pressure.transient alert; absent: the default transient rule\'s limit (20 m)'),
  timezone: TimeZone,
  nightWindow: NightWindow.default(DEFAULT_NIGHT_WINDOW),
  legitimateNightUseLPerConnectionPerHour: z
    .number()
    .min(0)
    .max(1_000)
    .default(DEFAULT_LEGITIMATE_NIGHT_USE_L_PER_CONNECTION_PER_HOUR)
    .describe('Default 1.7 L/connection/h, the UK household night-use figure (Managing Leakage, 1994)'),
}));

const checkSensors = (body: { meters?: readonly ZoneMeterInput[]; pressureSensorIds?: readonly string[] }, ctx: z.RefinementCtx) => {
  if (body.meters) report(ctx, meterIssues(body.meters));
  if (body.pressureSensorIds) report(ctx, pressureSensorIssues(body.pressureSensorIds));
};

export const CreateZoneBody = lazySchema(() => z.strictObject(ZoneFields).superRefine(checkSensors));

/** PATCH semantics: every field optional, at least one present; `null` clears an optional field. */
export const UpdateZoneBody = lazySchema(() => z
  .strictObject({
    name: ZoneFields.name.optional(),
    siteId: Id.nullable().optional(),
    boundary: Polygon.optional(),
    meters: ZoneFields.meters.optional(),
    pressureSensorIds: z.array(SensorId).max(50).optional(),
    serviceConnections: ZoneFields.serviceConnections.optional(),
    mainsLengthKm: ZoneFields.mainsLengthKm.optional(),
    connectionsLengthKm: z.number().min(0).max(100_000).nullable().optional(),
    averagePressureM: z.number().positive().max(1_000).nullable().optional(),
    transientLimitM: z.number().positive().max(1_000).nullable().optional(),
    timezone: TimeZone.optional(),
    nightWindow: NightWindow.optional(),
    legitimateNightUseLPerConnectionPerHour: z.number().min(0).max(1_000).optional(),
  })
  .superRefine(checkSensors)
  .refine((b) => Object.keys(b).length > 0, { message: 'at least one field is required' }));

export const ListZonesQuery = lazySchema(() => PageQuery.extend({ siteId: Id.optional() }));

export const Zone = lazySchema(() => z
  .object({
    ...ResourceMeta,
    name: z.string(),
    siteId: Id.nullable(),
    clientId: Id.nullable(),
    boundary: Polygon,
    meters: z.array(ZoneMeter),
    pressureSensorIds: z.array(SensorId),
    serviceConnections: z.int(),
    mainsLengthKm: z.number(),
    connectionsLengthKm: z.number().nullable(),
    averagePressureM: z.number().nullable(),
    transientLimitM: z.number().nullable().describe('Null: the transient alert rule\'s limit'),
    timezone: z.string(),
    nightWindow: z.object({ start: z.string(), end: z.string() }),
    legitimateNightUseLPerConnectionPerHour: z.number(),
  })
  .meta({ id: 'Zone' }));

const exampleBoundary = {
  type: 'Polygon' as const,
  coordinates: [
    [
      [4.82, 45.75],
      [4.85, 45.75],
      [4.85, 45.77],
      [4.82, 45.77],
      [4.82, 45.75],
    ],
  ],
};

/** A zone as a request creates it. */
export const createZoneExample = {
  name: 'Secteur Croix-Rousse',
  siteId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B',
  boundary: exampleBoundary,
  meters: [
    { sensorId: 'FLOW_IN_01', direction: 'in' },
    { sensorId: 'FLOW_OUT_01', direction: 'out' },
  ],
  pressureSensorIds: ['PRES_01'],
  serviceConnections: 2400,
  mainsLengthKm: 38.5,
  averagePressureM: 45,
  transientLimitM: 25,
  timezone: 'Europe/Paris',
  nightWindow: { start: '02:00', end: '04:00' },
};

export const zoneExample = {
  id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7Z0N',
  version: 1,
  createdAt: '2026-11-21T09:30:00.000Z',
  updatedAt: '2026-11-21T09:30:00.000Z',
  ...createZoneExample,
  clientId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D',
  connectionsLengthKm: null,
  legitimateNightUseLPerConnectionPerHour: 1.7,
};

export const NightFlowQuery = lazySchema(() => z.strictObject({
  from: IsoDateTime.optional().describe('Inclusive; default: 28 days before `to`. Only nights whose window lies wholly in [from, to) are answered'),
  to: IsoDateTime.optional().describe('Exclusive; default: now. At most 366 days after `from` (400 RANGE_TOO_LONG beyond)'),
}));

const NightFlowRow = lazySchema(() => z.object({
  night: z.string().describe('Local date (YYYY-MM-DD, in the zone\'s time zone) on which the night window starts'),
  windowStart: IsoDateTime,
  windowEnd: IsoDateTime,
  minimumNightFlowM3h: z.number().nullable().describe('Lowest hourly mean of net inflow (in meters minus out meters) in the window; null without enough data'),
  minimumAt: IsoDateTime.nullable().describe('Start of the hour of the minimum'),
  legitimateNightUseM3h: z.number().describe('serviceConnections x legitimateNightUseLPerConnectionPerHour / 1000'),
  estimatedLeakageM3h: z.number().nullable().describe('max(0, minimum night flow - legitimate night use)'),
  estimatedLeakageM3PerDay: z.number().nullable().describe('estimatedLeakageM3h x the night-day factor'),
  nightDayFactorHours: z.number(),
  nightDayFactorBasis: z.enum(['pressure', 'assumed_24h']).describe('pressure: 24 x (average / night pressure) (FAVAD, N1 = 1); assumed_24h without both pressures'),
  nightPressureM: z.number().nullable(),
  meters: z.array(z.object({ sensorId: SensorId, completeness: z.number().min(0).max(1).describe('Share of the window the meter covered') })),
  status: z.enum(['ok', 'insufficient_data', 'leak_suspected']).describe('leak_suspected: the night lies in a leak event of the CUSUM detector run over the zone\'s night line'),
}));

export const NightFlow = lazySchema(() => z
  .object({
    zoneId: Id,
    timezone: z.string(),
    nightWindow: z.object({ start: z.string(), end: z.string() }),
    from: IsoDateTime,
    to: IsoDateTime,
    nights: z.array(NightFlowRow),
  })
  .meta({ id: 'NightFlow' }));

export const nightFlowExample = {
  zoneId: zoneExample.id,
  timezone: 'Europe/Paris',
  nightWindow: { start: '02:00', end: '04:00' },
  from: '2026-11-01T00:00:00.000Z',
  to: '2026-11-03T00:00:00.000Z',
  nights: [
    {
      night: '2026-11-01',
      windowStart: '2026-11-01T01:00:00.000Z',
      windowEnd: '2026-11-01T03:00:00.000Z',
      minimumNightFlowM3h: 12.4,
      minimumAt: '2026-11-01T02:00:00.000Z',
      legitimateNightUseM3h: 4.08,
      estimatedLeakageM3h: 8.32,
      estimatedLeakageM3PerDay: 199.68,
      nightDayFactorHours: 24,
      nightDayFactorBasis: 'assumed_24h',
      nightPressureM: null,
      meters: [
        { sensorId: 'FLOW_IN_01', completeness: 1 },
        { sensorId: 'FLOW_OUT_01', completeness: 1 },
      ],
      status: 'ok',
    },
  ],
};
