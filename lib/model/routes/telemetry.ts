/** Telemetry: ingestion over HTTP, readings and latest values; and the IoT ingestion worker. */
import { IdParams } from '../schemas/common';
import { SensorIdParams } from '../schemas/sensors';
import { IngestBody, ingestExample, IngestResult, ingestResultExample, ReadingsPage, readingsPageExample, ReadingsQuery, SensorLatest, sensorLatestExample, SiteLatest, siteLatestExample } from '../schemas/telemetry';
import type { FunctionSpec, RouteDecl } from '../types';
import { ALL_ROLES, authenticated } from './access';

const telemetryCommon = { tag: 'Telemetry', apiKey: true } as const;
/** Machine clients read telemetry (and the sensors it comes from) with this scope. */
const READ_SCOPES = ['telemetry.read'];
const READS_TELEMETRY: FunctionSpec = { access: { table: 'read', telemetry: 'read' } };

export const telemetryRoutes: readonly RouteDecl[] = [
  {
    ...telemetryCommon,
    operationId: 'ingestTelemetry',
    method: 'POST',
    path: '/v1/telemetry',
    summary: 'Send up to 1000 readings (gateways, partners); each is accepted or rejected on its own',
    handler: 'http/telemetry/ingest',
    auth: authenticated(['admin'], ['telemetry.write']),
    // A bare array of readings too, as gateways written for other systems post it.
    request: { body: IngestBody, bareArrayField: 'readings', bodyExample: ingestExample },
    responses: { 202: { description: 'Judged: good readings stored, bad ones listed with their index and a code', schema: IngestResult, example: ingestResultExample } },
    // Readings are idempotent by (sensor, time) in the store: a retried batch stores nothing twice.
    fn: { memoryMb: 512, timeoutSeconds: 29, access: { table: 'readWrite', telemetry: 'write', sendsTo: ['telemetry-events'] } },
    cacheControl: 'no-store',
  },
  {
    ...telemetryCommon,
    operationId: 'getSensorReadings',
    method: 'GET',
    path: '/v1/sensors/{id}/readings',
    summary: "A sensor's readings, raw or aggregated into calendar buckets of a time zone",
    handler: 'http/telemetry/readings',
    auth: authenticated(ALL_ROLES, READ_SCOPES),
    request: { params: SensorIdParams, query: ReadingsQuery },
    responses: { 200: { description: 'A page of points', schema: ReadingsPage, example: readingsPageExample } },
    fn: { memoryMb: 512, timeoutSeconds: 29, access: READS_TELEMETRY.access },
  },
  {
    ...telemetryCommon,
    operationId: 'getSensorLatest',
    method: 'GET',
    path: '/v1/sensors/{id}/latest',
    summary: "A sensor's latest reading",
    handler: 'http/telemetry/sensor-latest',
    auth: authenticated(ALL_ROLES, READ_SCOPES),
    request: { params: SensorIdParams },
    responses: { 200: { description: 'The latest reading, or null', schema: SensorLatest, example: sensorLatestExample } },
    fn: READS_TELEMETRY,
  },
  {
    ...telemetryCommon,
    operationId: 'getSiteLatest',
    method: 'GET',
    path: '/v1/sites/{id}/latest',
    summary: 'The latest reading of every sensor of a site',
    handler: 'http/telemetry/site-latest',
    auth: authenticated(ALL_ROLES, READ_SCOPES),
    request: { params: IdParams },
    responses: { 200: { description: "The site's sensors with their latest reading", schema: SiteLatest, example: siteLatestExample } },
    fn: READS_TELEMETRY,
  },
];

/**
 * The function behind the IoT rule that stores device readings
 * (`functions/workers/ingest-telemetry.ts`): finds each device's tenant, validates and
 * stores its readings, and refreshes the sensor's `lastReadingAt`.
 */
export const INGEST_TELEMETRY_WORKER = {
  handler: 'workers/ingest-telemetry',
  fn: { memoryMb: 512, timeoutSeconds: 30, access: { table: 'readWrite', telemetry: 'write' } } satisfies FunctionSpec,
} as const;
