/**
 * Water quality (issue 16, compliance): the catalogue of parameters and limits, limit sets,
 * sampling points, lab results, exceedances, compliance and the monthly report. Request
 * and resource schemas; the checks that are domain rules (known parameters and units,
 * min not above max) come from `#domain/quality`. The routes are in `lib/model/routes/quality.ts`.
 */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { SEVERITIES } from '#domain/alerts/rules';
import { BUILT_IN_LIMIT_SETS, PARAMETER_CATEGORIES, SAMPLING_POINT_KINDS } from '#domain/quality/catalogue';
import { EXCEEDANCE_ORIGINS } from '#domain/quality/exceedances';
import { limitInputIssues, type LimitInput } from '#domain/quality/limit-sets';
import { VERDICTS } from '#domain/quality/samples';
import { isValidTimeZone } from '#domain/telemetry/calendar';
import { SENSOR_KINDS } from '#domain/telemetry/types';
import { DocumentSchema, documentExample } from './documents';
import { Id, IsoDateTime, PageQuery, ResourceMeta, Text } from './common';
import { SensorId } from './sensors';

const ParameterCode = lazySchema(() => z.string().regex(/^[a-z0-9_]{1,64}$/, 'a parameter code of GET /v1/quality/parameters').meta({ example: 'free_chlorine' }));
const PointKind = lazySchema(() => z.enum(SAMPLING_POINT_KINDS).describe('plant_outlet, reservoir, network or customer_tap: which limits apply depends on it'));
const Bound = lazySchema(() => z.number().finite().min(-1_000_000).max(1_000_000_000));

// ---- catalogue

const UnitAlternative = lazySchema(() => z.object({ unit: z.string(), factor: z.number().describe('canonical = value × factor'), aliases: z.array(z.string()).optional(), note: z.string().optional() }));

const CatalogueLimit = lazySchema(() => z.object({
  parameter: z.string(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  unit: z.string(),
  text: z.string().optional().describe('The value in words when the text gives no number'),
  appliesAt: z.array(PointKind).optional().describe('Only at these kinds of point; absent: at every point'),
  validFrom: z.string().optional(),
  validUntil: z.string().optional().describe('Exclusive'),
  note: z.string().nullable().optional(),
  source: z.string().describe('Document, annex, part or table the value comes from'),
}));

export const QualityParameter = lazySchema(() => z
  .object({
    code: z.string(),
    name: z.string(),
    category: z.enum(PARAMETER_CATEGORIES),
    unit: z.string().describe('Canonical unit: limits and stored values are in it'),
    alternativeUnits: z.array(UnitAlternative),
    sensorKinds: z.array(z.enum(SENSOR_KINDS)).describe('Sensor kinds that measure it continuously'),
    limits: z.array(CatalogueLimit.extend({ setId: z.string() })).describe('Its limits in the built-in sets (EU DWD, WHO)'),
  })
  .meta({ id: 'QualityParameter' }));

export const QualityParameters = lazySchema(() => z.object({ data: z.array(QualityParameter) }));

export const qualityParameterExample = {
  code: 'nitrite',
  name: 'Nitrite (as NO2)',
  category: 'chemical',
  unit: 'mg/L',
  alternativeUnits: [{ unit: 'mg/L NO2-N', factor: 3.2844292140, aliases: ['mg/L N'], note: 'nitrite-nitrogen: × 46.005/14.007' }],
  sensorKinds: [],
  limits: [
    { parameter: 'nitrite', min: null, max: 0.5, unit: 'mg/L', source: 'Directive (EU) 2020/2184, Annex I, Part B', note: 'at the tap', setId: 'eu-dwd-2020-2184' },
    { parameter: 'nitrite', min: null, max: 0.1, unit: 'mg/L', source: 'Directive (EU) 2020/2184, Annex I, Part B', appliesAt: ['plant_outlet'], note: 'in water leaving the treatment works', setId: 'eu-dwd-2020-2184' },
  ],
};

// ---- limit sets

const LimitBody = lazySchema(() => z.strictObject({
  parameter: ParameterCode,
  min: Bound.nullable().optional(),
  max: Bound.nullable().optional(),
  unit: z.string().min(1).max(32).optional().describe("Default: the parameter's canonical unit; any accepted unit is converted"),
  note: z.string().max(500).nullable().optional(),
}));

const checkLimits = (body: { limits?: readonly LimitInput[] | undefined }, ctx: z.RefinementCtx) => {
  for (const issue of limitInputIssues(body.limits ?? [])) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) });
};

const Limits = lazySchema(() => z.array(LimitBody).min(1).max(100));

export const CreateLimitSetBody = lazySchema(() => z
  .strictObject({
    name: Text(200),
    siteId: Id,
    samplingPointId: Id.nullable().optional().describe('Only at this sampling point of the site; absent: at every point of the site'),
    limits: Limits,
    severity: z.enum(SEVERITIES).default('major').describe('Of the alert an exceedance of its limits raises'),
    openWorkOrder: z.boolean().default(false).describe('An exceedance of its limits opens a work order with its alert'),
  })
  .superRefine(checkLimits));

export const UpdateLimitSetBody = lazySchema(() => z
  .strictObject({ name: Text(200).optional(), limits: Limits.optional(), severity: z.enum(SEVERITIES).optional(), openWorkOrder: z.boolean().optional() })
  .superRefine(checkLimits)
  .refine((b) => Object.keys(b).length > 0, { message: 'at least one field is required' }));

const BUILT_IN_IDS = BUILT_IN_LIMIT_SETS.map((s) => s.id);
export const LimitSetIdParams = lazySchema(() => z.strictObject({
  id: z.union([Id, z.enum(BUILT_IN_IDS as [string, ...string[]])]).describe('A tenant set (ULID) or a built-in one (eu-dwd-2020-2184, who-gdwq-2022)'),
}));

export const ListLimitSetsQuery = lazySchema(() => PageQuery.extend({ siteId: Id.optional() }));

export const LimitSet = lazySchema(() => z
  .object({
    id: z.string(),
    version: z.int().min(1),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
    name: z.string(),
    kind: z.enum(['regulatory', 'guideline', 'tenant']),
    readOnly: z.boolean().describe('Built-in sets are read-only'),
    enforced: z.boolean().describe('Exceedances are judged against it (the regulation, tenant sets); the WHO guidelines are a reference'),
    source: z.string(),
    siteId: Id.nullable(),
    samplingPointId: Id.nullable(),
    clientId: Id.nullable(),
    severity: z.enum(SEVERITIES).nullable(),
    openWorkOrder: z.boolean(),
    limits: z.array(CatalogueLimit),
  })
  .meta({ id: 'LimitSet' }));

export const createLimitSetExample = {
  name: 'Usine de Saint-Clair: sortie usine',
  siteId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B',
  samplingPointId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7S0P',
  limits: [
    { parameter: 'turbidity', max: 0.5, unit: 'FNU', note: 'operational target at the plant outlet' },
    { parameter: 'free_chlorine', min: 0.3, max: 1.0 },
    { parameter: 'ph', min: 7.0, max: 8.5 },
  ],
  severity: 'major',
  openWorkOrder: true,
};

export const limitSetExample = {
  id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7K1S',
  version: 1,
  createdAt: '2026-11-21T09:30:00.000Z',
  updatedAt: '2026-11-21T09:30:00.000Z',
  name: createLimitSetExample.name,
  kind: 'tenant',
  readOnly: false,
  enforced: true,
  source: `limit set ${createLimitSetExample.name}`,
  siteId: createLimitSetExample.siteId,
  samplingPointId: createLimitSetExample.samplingPointId,
  clientId: '01JC8Y5T0000000000ACME0001',
  severity: 'major',
  openWorkOrder: true,
  limits: [
    { parameter: 'turbidity', min: null, max: 0.5, unit: 'NTU', note: 'operational target at the plant outlet', source: `limit set ${createLimitSetExample.name}` },
    { parameter: 'free_chlorine', min: 0.3, max: 1.0, unit: 'mg/L', note: null, source: `limit set ${createLimitSetExample.name}` },
    { parameter: 'ph', min: 7.0, max: 8.5, unit: 'pH', note: null, source: `limit set ${createLimitSetExample.name}` },
  ],
};

// ---- sampling points

export const CreateSamplingPointBody = lazySchema(() => z.strictObject({
  name: Text(200),
  siteId: Id,
  kind: PointKind,
  sensorIds: z.array(SensorId).max(50).default([]).describe("Sensors of the site measuring here: their readings are judged by this point's limits"),
}));

export const UpdateSamplingPointBody = lazySchema(() => z
  .strictObject({ name: Text(200).optional(), kind: PointKind.optional(), sensorIds: z.array(SensorId).max(50).optional() })
  .refine((b) => Object.keys(b).length > 0, { message: 'at least one field is required' }));

export const ListSamplingPointsQuery = lazySchema(() => PageQuery.extend({ siteId: Id.optional() }));

export const SamplingPoint = lazySchema(() => z
  .object({ ...ResourceMeta, name: z.string(), siteId: Id, clientId: Id.nullable(), kind: PointKind, sensorIds: z.array(SensorId) })
  .meta({ id: 'SamplingPoint' }));

export const createSamplingPointExample = { name: 'Sortie usine Saint-Clair', siteId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B', kind: 'plant_outlet', sensorIds: ['PH_001', 'CL_001'] };

export const samplingPointExample = {
  id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7S0P',
  version: 1,
  createdAt: '2026-11-21T09:30:00.000Z',
  updatedAt: '2026-11-21T09:30:00.000Z',
  ...createSamplingPointExample,
  clientId: '01JC8Y5T0000000000ACME0001',
};

// ---- lab results

const SampleBody = lazySchema(() => z.strictObject({
  samplingPointId: z.string().max(64),
  takenAt: z.string().max(64).describe('ISO 8601 with an offset, or a local time (YYYY-MM-DD hh:mm, dd/mm/yyyy hh:mm) in `tz`'),
  parameter: z.string().max(100).describe('A catalogue code or name (French names too: "Nitrates", "Plomb", "Turbidité"...)'),
  value: z.union([z.number(), z.string().max(64)]).describe('A number, "<0.5" (below the limit of quantification: kept as such), ">100", or "n.d." with limitOfQuantification'),
  unit: z.string().max(32),
  method: z.string().max(200).optional(),
  limitOfQuantification: z.union([z.number(), z.string().max(32)]).optional(),
  lab: z.string().max(200).optional(),
}));

export const ImportSamplesBody = lazySchema(() => z.union([
  z.strictObject({ samples: z.array(SampleBody).min(1).max(5000) }),
  z.strictObject({ csv: z.string().min(1).describe('Sent as text/csv: the file itself') }),
]));

export const ImportSamplesQuery = lazySchema(() => z.strictObject({
  tz: z.string().max(64).refine((v) => isValidTimeZone(v), 'must be an IANA time zone such as Europe/Paris').default('UTC').describe('Time zone of times given without an offset (default UTC)'),
}));

export const importSamplesExample = {
  samples: [
    { samplingPointId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7S0P', takenAt: '2026-11-20T08:30:00+01:00', parameter: 'nitrate', value: 12.4, unit: 'mg/L', method: 'NF EN ISO 10304-1', limitOfQuantification: 0.5, lab: 'Laboratoire Carso' },
    { samplingPointId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7S0P', takenAt: '2026-11-20T08:30:00+01:00', parameter: 'lead', value: '<2', unit: 'µg/L', method: 'NF EN ISO 17294-2', limitOfQuantification: 2, lab: 'Laboratoire Carso' },
  ],
};

export const ImportSamplesResult = lazySchema(() => z
  .object({
    received: z.int(),
    created: z.int(),
    duplicates: z.int().describe('Rows already stored with the same value (an import sent again)'),
    rows: z.array(z.object({ row: z.int(), sampleId: Id, status: z.enum(['created', 'duplicate']), verdict: z.enum(VERDICTS) })),
    exceedancesOpened: z.int(),
    exceedancesClosed: z.int(),
  })
  .meta({ id: 'ImportSamplesResult' }));

export const importSamplesResultExample = {
  received: 2,
  created: 2,
  duplicates: 0,
  rows: [
    { row: 1, sampleId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7Q01', status: 'created', verdict: 'compliant' },
    { row: 2, sampleId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7Q02', status: 'created', verdict: 'compliant' },
  ],
  exceedancesOpened: 0,
  exceedancesClosed: 0,
};

// ---- exceedances

const AppliedBound = lazySchema(() => z.object({ value: z.number(), setId: z.string(), setName: z.string(), source: z.string(), note: z.string().nullable() }));

export const Exceedance = lazySchema(() => z
  .object({
    ...ResourceMeta,
    origin: z.enum(EXCEEDANCE_ORIGINS),
    siteId: Id,
    clientId: Id.nullable(),
    samplingPointId: Id.nullable(),
    sensorId: SensorId.nullable(),
    parameter: z.string(),
    unit: z.string(),
    bound: z.enum(['min', 'max']).describe('max: too high; min: too low'),
    limit: AppliedBound.describe('The limit broken, its set and source'),
    start: IsoDateTime,
    end: IsoDateTime.nullable().describe('Null while it lasts'),
    worst: z.object({ value: z.number(), at: IsoDateTime }),
    observations: z.int().describe('Readings or lab results beyond the limit'),
    alertId: Id.nullable().describe('The alert it raised (continuous exceedances)'),
  })
  .meta({ id: 'Exceedance' }));

export const ListExceedancesQuery = lazySchema(() => PageQuery.extend({
  siteId: Id.optional(),
  parameter: ParameterCode.optional(),
  from: IsoDateTime.optional().describe('Only exceedances still open at or after it'),
  to: IsoDateTime.optional().describe('Only exceedances that started before it'),
}));

export const exceedanceExample = {
  id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7E01',
  version: 3,
  createdAt: '2026-11-21T09:30:00.000Z',
  updatedAt: '2026-11-21T10:05:00.000Z',
  origin: 'continuous',
  siteId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B',
  clientId: '01JC8Y5T0000000000ACME0001',
  samplingPointId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7S0P',
  sensorId: 'PH_001',
  parameter: 'ph',
  unit: 'pH',
  bound: 'max',
  limit: { value: 9.5, setId: 'eu-dwd-2020-2184', setName: 'EU Drinking Water Directive 2020/2184, Annex I', source: 'Directive (EU) 2020/2184, Annex I, Part C', note: null },
  start: '2026-11-21T09:29:00.000Z',
  end: '2026-11-21T10:04:00.000Z',
  worst: { value: 9.9, at: '2026-11-21T09:41:00.000Z' },
  observations: 35,
  alertId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A01',
};

// ---- compliance and reports

export const ComplianceQuery = lazySchema(() => z.strictObject({
  siteId: Id,
  from: IsoDateTime.optional().describe('Inclusive; default: 30 days before `to`'),
  to: IsoDateTime.optional().describe('Exclusive; default: now; at most 366 days after `from`'),
}));

const AppliedLimit = lazySchema(() => z.object({ parameter: z.string(), unit: z.string(), min: AppliedBound.nullable(), max: AppliedBound.nullable() }));

export const Compliance = lazySchema(() => z
  .object({
    siteId: Id,
    from: IsoDateTime,
    to: IsoDateTime,
    parameters: z.array(z.object({
      parameter: z.string(),
      name: z.string(),
      unit: z.string(),
      samplesTaken: z.int(),
      samplesCompliant: z.int(),
      samplesNonCompliant: z.int(),
      samplesNotAssessable: z.int().describe('Below a limit of quantification that is above the limit'),
      shareCompliant: z.number().nullable().describe('compliant / (compliant + non-compliant); null when none is assessed'),
      exceedances: z.int(),
      continuous: z
        .object({
          sensors: z.int(),
          hoursMeasured: z.int().describe('UTC hours with readings (hourly rollups)'),
          hoursOutOfRange: z.int().describe('Of them, hours whose mean was beyond the limit that applied'),
          exceedanceHours: z.number().describe('Hours the continuous exceedances cover in the period (from their start and end)'),
        })
        .nullable(),
      limit: AppliedLimit.nullable().describe('The limit at every point of the site at the end of the period'),
    })),
  })
  .meta({ id: 'Compliance' }));

export const complianceExample = {
  siteId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B',
  from: '2026-11-01T00:00:00.000Z',
  to: '2026-12-01T00:00:00.000Z',
  parameters: [
    {
      parameter: 'ph',
      name: 'Hydrogen ion concentration (pH)',
      unit: 'pH',
      samplesTaken: 4,
      samplesCompliant: 4,
      samplesNonCompliant: 0,
      samplesNotAssessable: 0,
      shareCompliant: 1,
      exceedances: 1,
      continuous: { sensors: 1, hoursMeasured: 720, hoursOutOfRange: 1, exceedanceHours: 0.58 },
      limit: {
        parameter: 'ph',
        unit: 'pH',
        min: { value: 6.5, setId: 'eu-dwd-2020-2184', setName: 'EU Drinking Water Directive 2020/2184, Annex I', source: 'Directive (EU) 2020/2184, Annex I, Part C', note: null },
        max: { value: 9.5, setId: 'eu-dwd-2020-2184', setName: 'EU Drinking Water Directive 2020/2184, Annex I', source: 'Directive (EU) 2020/2184, Annex I, Part C', note: null },
      },
    },
  ],
};

export const CreateQualityReportBody = lazySchema(() => z.strictObject({
  siteId: Id,
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month YYYY-MM').describe('The calendar month (UTC)'),
}));

export const QualityReport = lazySchema(() => z
  .object({ pdf: DocumentSchema, csv: DocumentSchema })
  .meta({ id: 'QualityReport' }));

const reportDocument = (fileName: string, contentType: string) => ({
  ...documentExample,
  parentType: 'site',
  parentId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B',
  fileName,
  contentType,
  tags: ['report', 'water-quality'],
  status: 'available',
  availableAt: '2026-12-01T07:00:01.000Z',
  download: { url: 'https://...', expiresAt: '2026-12-01T07:05:01.000Z' },
});

export const qualityReportExample = {
  pdf: reportDocument('water-quality-01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B-2026-11.pdf', 'application/pdf'),
  csv: reportDocument('water-quality-01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B-2026-11.csv', 'text/csv'),
};
