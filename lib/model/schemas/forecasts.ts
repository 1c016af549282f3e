/**
 * Forecasts (issue 5): a request names a source (a sensor's readings, a CSV given inline,
 * or a CSV uploaded through the documents API) and options; the job runs in the forecast worker and its answer carries the
 * engine's result (model, horizon decision, history, forecast with intervals, backtest,
 * explanations).
 */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import type { MultipartParts } from '../types';
import { FORECAST_FAMILIES, FORECAST_INTERVALS, FORECAST_STATUSES } from '#domain/forecast-jobs';
import { isValidTimeZone } from '#domain/telemetry/calendar';
import { AGGREGATIONS } from '#domain/telemetry/types';
import { Id, IsoDateTime, PageQuery } from './common';
import { SensorId } from './sensors';

/**
 * Bytes of a CSV uploaded as a `multipart/form-data` body (the form included). Lambda takes
 * at most 6 MB (6 291 456 bytes) per synchronous invocation, the event included, and API
 * Gateway hands it a binary body in base64 (4/3 of its bytes): 4.5 MiB at most, less the
 * event's headers and context, so 4 MiB. API Gateway's own 10 MB payload limit is the
 * larger one. Larger files go through the documents API (up to 50 MiB).
 */
export const MAX_CSV_UPLOAD_BYTES = 4 * 1024 * 1024;

/** Characters of a CSV's content: in a JSON body the whole body is bounded at 1 MiB first; a multipart file at {@link MAX_CSV_UPLOAD_BYTES}. */
export const MAX_INLINE_CSV_CHARS = MAX_CSV_UPLOAD_BYTES;

const ColumnName = lazySchema(() => z.string().trim().min(1).max(100));
const TimeZone = lazySchema(() => z
  .string()
  .max(64)
  .refine((v) => isValidTimeZone(v), 'must be an IANA time zone such as Europe/Paris'));

export const SensorSourceBody = lazySchema(() => z
  .strictObject({
    type: z.literal('sensor'),
    sensorId: SensorId,
    interval: z.enum(FORECAST_INTERVALS).describe('The period of the series: buckets of the telemetry store'),
    agg: z.enum(AGGREGATIONS).describe('How readings combine in a bucket; sum and count are amounts, the others levels'),
    from: IsoDateTime.optional().describe('Inclusive; default: 4 weeks of hours, 3 years of days or weeks, 5 years of months before `to`'),
    to: IsoDateTime.optional().describe('Exclusive; default: the start of the current bucket (complete buckets only)'),
    tz: TimeZone.optional().describe('Buckets follow the calendar of this zone; default UTC'),
  })
  .refine((s) => !s.from || !s.to || Date.parse(s.from) < Date.parse(s.to), { message: 'from must be before to', path: ['to'] }));

export const ZoneSourceBody = lazySchema(() => z
  .strictObject({
    type: z.literal('zone'),
    zoneId: Id.describe("A zone (district metered area): its net inflow, the mean flow of its `in` meters less its `out` meters', per bucket"),
    interval: z.enum(FORECAST_INTERVALS).describe('The period of the series: buckets of the telemetry store'),
    from: IsoDateTime.optional().describe('Inclusive; default as for a sensor'),
    to: IsoDateTime.optional().describe('Exclusive; default: the start of the current bucket'),
    tz: TimeZone.optional().describe("Buckets follow the calendar of this zone; default the zone's own time zone"),
  })
  .refine((s) => !s.from || !s.to || Date.parse(s.from) < Date.parse(s.to), { message: 'from must be before to', path: ['to'] }));

/** How a CSV is read, inline or uploaded as a document. */
const CsvReadingOptions = lazySchema(() => ({
  dateColumn: ColumnName.optional().describe('Header or 1-based index; detected when absent'),
  valueColumn: ColumnName.optional().describe('Header or 1-based index; detected when absent'),
  keyColumn: ColumnName.optional().describe('Column of the entity key (detected from a header containing "code" when absent)'),
  key: z.string().trim().min(1).max(200).optional().describe('Forecast only the rows of this key'),
  period: z.enum(['month', 'week', 'day']).default('month').describe('Period the rows are aggregated to'),
  kind: z.enum(['amount', 'level']).default('amount').describe('Amounts add up in a period (zero is no activity); levels average'),
}));

export const CsvSourceBody = lazySchema(() => z.strictObject({
  type: z.literal('csv'),
  content: z
    .string()
    .min(1)
    .max(MAX_INLINE_CSV_CHARS)
    .describe('The CSV text (French formats accepted: dd/mm/yyyy, decimal comma, `;`, month names); at most 1 MiB in a JSON body, 4 MiB as a multipart file'),
  ...CsvReadingOptions,
}));

export const DocumentSourceBody = lazySchema(() => z.strictObject({
  type: z.literal('document'),
  documentId: Id.describe(
    'A document uploaded with POST /v1/documents (up to 50 MiB), `available` and of type text/csv (or text/plain named *.csv); read by the worker, streaming, from its verified version',
  ),
  ...CsvReadingOptions,
}));

export const CreateForecastBody = lazySchema(() => z.strictObject({
  source: z.discriminatedUnion('type', [SensorSourceBody, ZoneSourceBody, CsvSourceBody, DocumentSourceBody]),
  horizon: z.int().min(1).max(1000).optional().describe('Steps ahead; absent: the safe horizon (auto mode); longer requests are cut to it'),
  period: z.int().min(1).max(366).optional().describe('Seasonal period in steps; detected when absent (24 for hourly series)'),
  family: z.enum(FORECAST_FAMILIES).default('auto').describe('Model family; auto chooses by rolling-origin backtest'),
}));
export type CreateForecastBody = z.infer<typeof CreateForecastBody>;

export const createForecastExample = {
  source: { type: 'csv', content: 'date;montant\n01/01/2023;1 234,50\n01/02/2023;1 180,00\n…', period: 'month' },
  horizon: 18,
};

/**
 * `POST /v1/forecasts` as a `multipart/form-data` upload (seed 003's `-F "file=@data.csv"`):
 * the CSV in the `file` part, the other fields named by their path in the JSON body.
 */
export const CreateForecastForm = lazySchema(() => z.strictObject({
  file: z.string().meta({ format: 'binary' }).describe('The CSV file, UTF-8 (at most 4 MiB with the rest of the form)'),
  horizon: z.int().min(1).max(1000).optional().describe('As in the JSON body'),
  period: z.int().min(1).max(366).optional().describe('Seasonal period, as in the JSON body'),
  family: z.enum(FORECAST_FAMILIES).optional(),
  'source.period': z.enum(['month', 'week', 'day']).optional().describe('Period the rows are aggregated to (source.period of the JSON body)'),
  'source.kind': z.enum(['amount', 'level']).optional(),
  'source.dateColumn': ColumnName.optional(),
  'source.valueColumn': ColumnName.optional(),
  'source.keyColumn': ColumnName.optional(),
  'source.key': z.string().optional(),
}));

export const createForecastFormExample = { file: 'date;montant\n29/01/2020;1 500,50\n29/01/2026;2 300,00\n', 'source.period': 'month' };

const NUMBER_FIELDS = new Set(['horizon', 'period']);

/**
 * The JSON body a form stands for: `file` becomes `source.content` (an inline CSV source),
 * `source.<option>` fields its reading options, the rest the body's own fields (whole
 * numbers read as numbers); anything else stays as named, for the body schema to refuse.
 */
export function forecastBodyOfForm({ fields, files }: MultipartParts): unknown {
  const source: Record<string, unknown> = {};
  const body: Record<string, unknown> = { source };
  // Own properties only: a field named __proto__ stays a field, which the strict schema refuses.
  const put = (target: Record<string, unknown>, name: string, value: unknown) => Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  for (const [name, value] of Object.entries(fields)) {
    if (name.startsWith('source.')) put(source, name.slice('source.'.length), value);
    else put(body, name, NUMBER_FIELDS.has(name) && /^\s*\d{1,9}\s*$/.test(value) ? Number(value) : value);
  }
  for (const [name, file] of Object.entries(files)) put(name === 'file' ? source : body, name === 'file' ? 'content' : name, file.text);
  if (!('type' in source)) source.type = 'csv';
  return body;
}

export const ForecastAccepted = lazySchema(() => z.object({ id: Id, status: z.enum(['queued', 'running']) }).meta({ id: 'ForecastAccepted' }));

const StoredSensorSource = lazySchema(() => z.object({
  type: z.literal('sensor'),
  sensorId: z.string(),
  interval: z.enum(FORECAST_INTERVALS),
  agg: z.enum(AGGREGATIONS),
  from: z.string().optional(),
  to: z.string().optional(),
  tz: z.string().optional(),
}));
const StoredZoneSource = lazySchema(() => z.object({
  type: z.literal('zone'),
  zoneId: z.string(),
  interval: z.enum(FORECAST_INTERVALS),
  from: z.string().optional(),
  to: z.string().optional(),
  tz: z.string().optional(),
}));
const StoredCsvOptions = lazySchema(() => ({
  dateColumn: z.string().optional(),
  valueColumn: z.string().optional(),
  keyColumn: z.string().optional(),
  key: z.string().optional(),
  period: z.enum(['month', 'week', 'day']),
  kind: z.enum(['amount', 'level']),
}));
const StoredCsvSource = lazySchema(() => z.object({ type: z.literal('csv'), ...StoredCsvOptions }));
const StoredDocumentSource = lazySchema(() => z.object({ type: z.literal('document'), documentId: z.string(), ...StoredCsvOptions }));

const Quantiles = lazySchema(() => ({
  mean: z.number(),
  p10: z.number(),
  p50: z.number(),
  p90: z.number(),
  lower80: z.number(),
  upper80: z.number(),
  lower95: z.number(),
  upper95: z.number(),
}));
const Family = lazySchema(() => z.enum(['sarima', 'ets', 'theta', 'seasonal-naive', 'combination', 'intermittent', 'mean', 'mstl']));
const Score = lazySchema(() =>
  z.object({
    family: Family,
    name: z.string(),
    mase: z.number(),
    smape: z.number(),
    coverage80: z.number(),
    coverage95: z.number(),
    errorScale: z.number(),
    intervalFactor: z
      .number()
      .optional()
      .describe('Factor on the 95 % half-widths that held the rolling-origin errors at the conformal rank; the chosen model\'s intervals are widened by it, kept within 1 to 2 (absent from results computed before it was reported)'),
  }),
);
const Triple = lazySchema(() => z.tuple([z.int(), z.int(), z.int()]));

const InformationCriteria = lazySchema(() => z
  .object({ aic: z.number(), aicc: z.number(), bic: z.number() })
  .nullable()
  .describe('Null when the family has no likelihood (Theta, seasonal naive, MSTL, a combination, Croston/SBA/TSB, the mean of a few points): `criteriaReason` says why and how it is scored. Comparable within a family only.'));
const CriteriaReason = lazySchema(() => z.string().nullable().describe('Why `informationCriteria` is null, and how the candidate is scored instead; null when they are given'));
const Candidate = lazySchema(() => z.object({
  family: Family,
  name: z.string(),
  informationCriteria: InformationCriteria,
  criteriaReason: CriteriaReason,
  crossValidation: z.object({ mase: z.number(), smape: z.number(), coverage80: z.number(), coverage95: z.number() }).nullable().describe('Scores on the rolling origins; null when the series is too short to cross-validate'),
}));
const HorizonReason = lazySchema(() => z.enum(['auto', 'requested', 'capped']));

export const ForecastResultSchema = lazySchema(() => z
  .object({
    model: z.object({
      family: Family,
      name: z.string(),
      order: Triple.nullable(),
      seasonalOrder: Triple.nullable(),
      period: z.int(),
      aicc: z.number().nullable(),
      informationCriteria: InformationCriteria,
      criteriaReason: CriteriaReason,
    }),
    horizon: z.object({ requested: z.int().nullable(), used: z.int(), safe: z.int(), reason: HorizonReason }),
    durationInfo: z
      .object({
        unit: z.string().describe('The period of a step: month, week or day'),
        requested: z.int().nullable(),
        validated: z.int().describe('The horizon used'),
        safe: z.int(),
        mode: z.enum(['auto', 'user']),
        reason: HorizonReason,
        why: z.string(),
        rule: z.object({ activePeriods: z.int(), third: z.int(), minimum: z.int(), maximum: z.int(), lengthCap: z.int() }),
      })
      .describe("Seed 003's duration_info: the horizon asked for, the one the safe-duration rule allowed (a third of the active periods, within [3, two seasons], at most a third of the series), and why"),
    density: z.object({ active: z.int(), total: z.int(), ratio: z.number(), sparse: z.boolean(), warning: z.string().nullable().describe('Set when under 20 % of the periods are active') }),
    candidates: z.array(Candidate).describe('Every model weighed, with its information criteria (or why none) and its cross-validated scores'),
    history: z.array(z.object({ ts: z.string(), value: z.number().nullable() })).describe('The last 500 periods at most'),
    forecast: z.array(z.object({ ts: z.string(), ...Quantiles })),
    backtest: z.object({ origins: z.int(), horizon: z.int(), candidates: z.array(Score), chosen: Score }).nullable(),
    explanations: z.array(z.string()),
  })
  .meta({ id: 'ForecastResult' }));

const JobFields = lazySchema(() => ({
  id: Id,
  version: z.int().min(1),
  status: z.enum(FORECAST_STATUSES),
  source: z.discriminatedUnion('type', [StoredSensorSource, StoredZoneSource, StoredCsvSource, StoredDocumentSource]),
  options: z.object({ horizon: z.int().optional(), period: z.int().optional(), family: z.enum(FORECAST_FAMILIES) }),
  sensorId: z.string().nullable(),
  input: z
    .object({
      columns: z.object({ date: z.string().nullable(), value: z.string(), key: z.string().nullable() }),
      rows: z.object({ total: z.int(), used: z.int(), invalid: z.int(), filtered: z.int() }),
    })
    .optional()
    .describe('CSV sources: the columns read and what became of the rows (inline CSV: from the start; documents: once the worker has read the file)'),
  reason: z.object({ code: z.string(), message: z.string() }).optional().describe('Failed jobs: a stable code (TOO_SHORT, CONSTANT, ALL_MISSING, INVALID_INPUT, NO_VALID_ROWS, NUMERICAL, INTERNAL_ERROR, QUEUE_UNAVAILABLE) and why'),
  attempts: z.int().min(0),
  createdBy: z.string(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  startedAt: IsoDateTime.optional(),
  completedAt: IsoDateTime.optional(),
}));

export const ForecastSummary = lazySchema(() => z.object(JobFields).meta({ id: 'ForecastSummary' }));
export const ForecastJobSchema = lazySchema(() => z.object({ ...JobFields, result: ForecastResultSchema.optional().describe('Succeeded jobs') }).meta({ id: 'ForecastJob' }));

export const ListForecastsQuery = lazySchema(() => PageQuery.extend({ sensorId: SensorId.optional().describe('Only the forecasts of this sensor') }));

export const forecastSummaryExample = {
  id: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B',
  version: 3,
  status: 'succeeded',
  source: { type: 'sensor', sensorId: 'FLOW_012', interval: '1d', agg: 'sum', tz: 'Europe/Paris' },
  options: { horizon: 30, family: 'auto' },
  sensorId: 'FLOW_012',
  attempts: 1,
  createdBy: 'b1f0c3d2-0000-4000-8000-000000000001',
  createdAt: '2026-11-21T09:30:00Z',
  updatedAt: '2026-11-21T09:30:02Z',
  startedAt: '2026-11-21T09:30:01Z',
  completedAt: '2026-11-21T09:30:02Z',
};

export const forecastJobExample = {
  ...forecastSummaryExample,
  result: {
    model: {
      family: 'sarima',
      name: 'ARIMA(1,0,0)(0,1,1)[7]',
      order: [1, 0, 0],
      seasonalOrder: [0, 1, 1],
      period: 7,
      aicc: 812.4,
      informationCriteria: { aic: 811.9, aicc: 812.4, bic: 819.8 },
      criteriaReason: null,
    },
    horizon: { requested: 30, used: 14, safe: 14, reason: 'capped' },
    durationInfo: {
      unit: 'day',
      requested: 30,
      validated: 14,
      safe: 14,
      mode: 'user',
      reason: 'capped',
      why: 'Horizon cut from 30 to 14 days: the data support no more (a third of 60 active periods is 20, kept within [3, 14] and at most a third of the 60 periods (20): 14).',
      rule: { activePeriods: 60, third: 20, minimum: 3, maximum: 14, lengthCap: 20 },
    },
    density: { active: 60, total: 60, ratio: 1, sparse: false, warning: null },
    candidates: [
      { family: 'sarima', name: 'ARIMA(1,0,0)(0,1,1)[7]', informationCriteria: { aic: 811.9, aicc: 812.4, bic: 819.8 }, criteriaReason: null, crossValidation: null },
      {
        family: 'seasonal-naive',
        name: 'seasonal naive [7]',
        informationCriteria: null,
        criteriaReason: 'no parameter is estimated, so there is nothing for a criterion to penalise; the series is too short to cross-validate it',
        crossValidation: null,
      },
    ],
    history: [{ ts: '2026-11-20T00:00:00.000+01:00', value: 412.5 }],
    forecast: [{ ts: '2026-11-21T00:00:00.000+01:00', mean: 415.2, p10: 398.1, p50: 415.2, p90: 432.3, lower80: 398.1, upper80: 432.3, lower95: 389.0, upper95: 441.4 }],
    backtest: null,
    explanations: ['Horizon cut from 30 to 14 days: the data support no more (a third of 60 active periods, at most 14).'],
  },
};
