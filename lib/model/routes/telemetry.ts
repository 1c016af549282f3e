/** Telemetry: ingestion over HTTP, readings and latest values; and the IoT ingestion worker. */
import { IdParams } from '../schemas/common';
import { SensorIdParams } from '../schemas/sensors';
import { IngestBody, ingestExample, IngestResult, ingestResultExample, ReadingsPage, readingsPageExample, ReadingsQuery, SensorLatest, sensorLatestExample, SiteLatest, siteLatestExample } from '../schemas/telemetry';
import type { FunctionSpec, QueueDecl, RouteDecl } from '../types';
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
 * The worker that stores device readings (`functions/workers/ingest-telemetry.ts`): the IoT
 * rule `telemetry_store` sends every device message to the `telemetry-ingest` queue and this
 * worker takes them in batches, finds each device's tenant, validates and stores the batch's
 * readings with each rollup item written once per batch, and refreshes `lastReadingAt`.
 */
export const INGEST_TELEMETRY_WORKER = {
  handler: 'workers/ingest-telemetry',
  // Timeout: a full batch (1000 messages of up to 1000 readings, at most 6 MB) stores in well under it.
  fn: { memoryMb: 1024, timeoutSeconds: 120, access: { table: 'readWrite', telemetry: 'write' } } satisfies FunctionSpec,
} as const;

/**
 * Device messages on their way to the store (one SQS message per MQTT message, the IoT
 * rule's output as the body).
 *
 * - `batchSize` 1000 with a 1 s batching window: a device uploading its night's buffer or
 *   a transient capture (hundreds of QoS-1 messages a second) is stored by a few large
 *   batches, each rollup item written once per batch, instead of one invocation per message
 *   whose rollup writes collide. One second is also the latency a lone steady reading waits
 *   at most before it is stored.
 * - `maxConcurrency` 4: batches of one device rarely meet on the same rollup items (a
 *   conflict is re-read and retried), and the telemetry table sees at most four writers.
 * - Visibility timeout 720 s: six times the worker's timeout, as Lambda advises for SQS
 *   sources, so a batch still being retried is not delivered twice.
 */
export const TELEMETRY_INGEST_QUEUE: QueueDecl = {
  name: 'telemetry-ingest',
  visibilityTimeoutSeconds: 720,
  maxReceiveCount: 5,
  batchSize: 1000,
  batchingWindowSeconds: 1,
  maxConcurrency: 4,
  consumer: INGEST_TELEMETRY_WORKER,
};
