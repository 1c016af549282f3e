/**
 * Telemetry: batch ingest of readings, time-series queries and latest readings.
 * Readings are judged one by one at ingest (a bad one is rejected with its index and a
 * stable code, the others kept), so the body schema checks only the types.
 */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { isValidTimeZone } from '#domain/telemetry/calendar';
import { MAX_QUERY_LIMIT } from '#domain/telemetry/store';
import { parseTimestamp } from '#domain/telemetry/timestamps';
import { AGGREGATIONS, FILLS, INTERVALS, QUALITIES, SENSOR_KINDS } from '#domain/telemetry/types';
import type { RejectionCode } from '#domain/telemetry/validation';
import { Id } from './common';
import { SensorId } from './sensors';

/** The most readings one POST /v1/telemetry may carry. */
export const MAX_INGEST_READINGS = 1000;

const Quality = lazySchema(() => z.enum(QUALITIES));

export const IncomingReading = lazySchema(() => z.strictObject({
  sensorId: z.string().max(64).describe('The sensor (device code)'),
  ts: z.union([z.string().max(40), z.int()]).describe('ISO 8601 with an offset, or epoch milliseconds'),
  value: z.number(),
  quality: z.string().max(16).optional().describe('GOOD (default), UNCERTAIN or BAD'),
  unit: z.string().max(32).optional().describe("Must be the sensor's unit when present"),
  metadata: z.record(z.string(), z.unknown()).optional().describe('At most 1 KiB of JSON kept with the reading'),
}).meta({ id: 'IncomingReading' }));

export const IngestBody = lazySchema(() => z.strictObject({ readings: z.array(IncomingReading).min(1).max(MAX_INGEST_READINGS) }));

export const ingestExample = {
  readings: [
    { sensorId: 'PH_001', ts: '2026-11-21T10:15:00Z', value: 7.21 },
    { sensorId: 'PH_001', ts: 1795256160000, value: 7.19, quality: 'UNCERTAIN' },
    { sensorId: 'PH_001', ts: '2026-11-21T10:17:00Z', value: 15 },
  ],
};

/** Every code a rejected reading can carry (a Record, so a new domain code cannot go undocumented). */
const REJECTIONS: Record<RejectionCode, string> = {
  INVALID_READING: 'not a reading: sensor id, ts, value, quality, unit or metadata',
  UNKNOWN_SENSOR: 'no sensor with that id in your tenant',
  OUT_OF_RANGE: "outside the physical range of the sensor's kind (e.g. pH 15)",
  UNIT_MISMATCH: "another unit than the sensor's",
  FUTURE_TIMESTAMP: 'more than 5 minutes ahead of the server clock',
  DUPLICATE: 'same sensor and ts as an earlier reading of the batch',
  CONFLICTING_READING: 'another value is already stored for that sensor and ts',
  TIMESTAMP_OUT_OF_RANGE: "outside what the store accepts (Timestream's window)",
  STORE_REJECTED: 'refused by the store (the message says why)',
};
export const REJECTION_CODES = Object.keys(REJECTIONS) as [RejectionCode, ...RejectionCode[]];

export const IngestResult = lazySchema(() => z
  .object({
    accepted: z.int().min(0).describe('Readings stored (a reading already stored identically counts as stored)'),
    rejected: z.array(
      z.object({
        index: z.int().min(0).describe('Position of the reading in the request'),
        code: z.enum(REJECTION_CODES).describe(Object.entries(REJECTIONS).map(([c, d]) => `${c}: ${d}`).join('; ')),
        message: z.string(),
      }),
    ),
  })
  .meta({ id: 'IngestResult' }));

export const ingestResultExample = {
  accepted: 2,
  rejected: [{ index: 2, code: 'OUT_OF_RANGE', message: '15 is outside the physical range of a ph sensor (0..14 pH)' }],
};

const Instant = lazySchema(() => z
  .string()
  .max(40)
  .refine((v) => parseTimestamp(v) !== undefined, 'must be ISO 8601 with an offset or epoch milliseconds')
  .transform((v) => parseTimestamp(v) as number));

export const ReadingsQuery = lazySchema(() => z.strictObject({
  from: Instant.optional().describe('Inclusive; default: 24 hours before `to`'),
  to: Instant.optional().describe('Exclusive; default: now'),
  interval: z.enum(INTERVALS).default('raw'),
  agg: z.enum(AGGREGATIONS).default('avg').describe('Ignored for raw'),
  tz: z
    .string()
    .max(64)
    .refine((v) => isValidTimeZone(v), 'must be an IANA time zone such as Europe/Paris')
    .default('UTC')
    .describe('Buckets follow the calendar of this zone; timestamps are answered in it'),
  quality: z
    .string()
    .max(40)
    .regex(new RegExp(`^(${QUALITIES.join('|')})(,(${QUALITIES.join('|')}))*$`), 'a comma list of GOOD, UNCERTAIN, BAD')
    .transform((v) => v.split(',') as (typeof QUALITIES)[number][])
    .optional(),
  fill: z.enum(FILLS).default('none').describe('Empty buckets: left out, null, previous value or linear'),
  limit: z.coerce.number().int().min(1).max(MAX_QUERY_LIMIT).default(1000),
  cursor: z.string().min(1).max(2048).optional(),
}));

const Point = lazySchema(() => z.object({
  ts: z.string().describe('Start of the bucket (or time of the reading), ISO 8601 in `tz`'),
  value: z.number().nullable(),
  count: z.int().min(0),
  quality: Quality.optional().describe('Raw readings only'),
}));

export const ReadingsPage = lazySchema(() => z
  .object({
    sensorId: SensorId,
    unit: z.string(),
    interval: z.enum(INTERVALS),
    agg: z.enum(AGGREGATIONS),
    tz: z.string(),
    points: z.array(Point),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'ReadingsPage' }));

export const readingsPageExample = {
  sensorId: 'PH_001',
  unit: 'pH',
  interval: '1h',
  agg: 'avg',
  tz: 'Europe/Paris',
  points: [
    { ts: '2026-11-21T10:00:00.000+01:00', value: 7.2, count: 60 },
    { ts: '2026-11-21T11:00:00.000+01:00', value: 7.18, count: 60 },
  ],
  nextCursor: null,
};

const LatestReading = lazySchema(() => z.object({ ts: z.string().describe('ISO 8601, UTC'), value: z.number(), quality: Quality }).nullable().describe('null: no reading yet'));

export const SensorLatest = lazySchema(() => z
  .object({ sensorId: SensorId, kind: z.enum(SENSOR_KINDS), unit: z.string(), latest: LatestReading })
  .meta({ id: 'SensorLatest' }));

export const sensorLatestExample = {
  sensorId: 'PH_001',
  kind: 'ph',
  unit: 'pH',
  latest: { ts: '2026-11-21T10:15:00.000Z', value: 7.21, quality: 'GOOD' },
};

export const SiteLatest = lazySchema(() => z.object({ siteId: Id, sensors: z.array(SensorLatest) }).meta({ id: 'SiteLatest' }));

export const siteLatestExample = { siteId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B', sensors: [sensorLatestExample] };
