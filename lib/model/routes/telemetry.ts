/**
 * Sensors, telemetry ingest and time-series queries.
 *
 * Sensors follow the plain-resource contract (ETags, conditional requests, cursor
 * lists) but are declared by hand: their id is the device code, and create answers the
 * device's MQTT credentials once, so it is not `idempotent` (a kept answer would store
 * the private key for 24 hours; Hydrant stores it nowhere).
 */
import type { FunctionSpec, RouteDecl } from '../types';
import { IdParams, pageOf } from '../schemas/common';
import {
  CreateSensorBody,
  ListSensorsQuery,
  Sensor,
  sensorExample,
  SensorIdParams,
  SensorWithCredentials,
  sensorWithCredentialsExample,
  UpdateSensorBody,
} from '../schemas/sensors';
import {
  IngestBody,
  ingestExample,
  IngestResult,
  ingestResultExample,
  ReadingsPage,
  readingsPageExample,
  ReadingsQuery,
  SensorLatest,
  sensorLatestExample,
  SiteLatest,
  siteLatestExample,
} from '../schemas/telemetry';
import { ALL_ROLES, authenticated, STAFF_WRITERS } from './access';

const ETAG = ['ETag'];
const sensorsCommon = { tag: 'Sensors', apiKey: true } as const;
const telemetryCommon = { tag: 'Telemetry', apiKey: true } as const;
/** Machine clients read telemetry (and the sensors it comes from) with this scope. */
const READ_SCOPES = ['telemetry.read'];

const READS_SENSORS: FunctionSpec = { access: { table: 'read' } };
const WRITES_SENSORS: FunctionSpec = { access: { table: 'readWrite' } };
/** Registering and deleting a sensor provisions and revokes its device identity (IoT thing, certificate). */
const MANAGES_DEVICES: FunctionSpec = { timeoutSeconds: 15, access: { table: 'readWrite', iotDevices: 'manage' } };
const READS_TELEMETRY: FunctionSpec = { access: { table: 'read', telemetry: 'read' } };

export const sensorRoutes: readonly RouteDecl[] = [
  {
    ...sensorsCommon,
    operationId: 'createSensor',
    idempotencyExempt: "The answer holds the device's MQTT credentials (its private key), which a kept answer would store for 24 hours",
    method: 'POST',
    path: '/v1/sensors',
    summary: 'Register a sensor and provision its device identity (MQTT credentials answered once)',
    handler: 'http/sensors/create',
    auth: authenticated(STAFF_WRITERS),
    request: {
      body: CreateSensorBody,
      bodyExample: { id: 'PH_001', kind: 'ph', siteId: sensorExample.siteId, assetId: sensorExample.assetId, sampleIntervalSeconds: 60 },
    },
    responses: {
      201: { description: 'Registered; `mqtt` (with the private key) is shown only now', schema: SensorWithCredentials, example: sensorWithCredentialsExample, headers: [...ETAG, 'Location'] },
    },
    fn: MANAGES_DEVICES,
  },
  {
    ...sensorsCommon,
    operationId: 'listSensors',
    method: 'GET',
    path: '/v1/sensors',
    summary: 'List sensors',
    handler: 'http/sensors/list',
    auth: authenticated(ALL_ROLES, READ_SCOPES),
    request: { query: ListSensorsQuery },
    responses: { 200: { description: 'A page', schema: pageOf(Sensor), example: { data: [sensorExample], nextCursor: null } } },
    fn: READS_SENSORS,
  },
  {
    ...sensorsCommon,
    operationId: 'getSensor',
    method: 'GET',
    path: '/v1/sensors/{id}',
    summary: 'Get a sensor (never its credentials)',
    handler: 'http/sensors/get',
    auth: authenticated(ALL_ROLES, READ_SCOPES),
    request: { params: SensorIdParams, headers: ['If-None-Match'] },
    responses: { 200: { description: 'Found', schema: Sensor, example: sensorExample, headers: ETAG } },
    fn: READS_SENSORS,
  },
  {
    ...sensorsCommon,
    operationId: 'updateSensor',
    method: 'PATCH',
    path: '/v1/sensors/{id}',
    summary: 'Update a sensor (partial): site, asset, sample interval, status',
    handler: 'http/sensors/update',
    auth: authenticated(STAFF_WRITERS),
    request: { params: SensorIdParams, body: UpdateSensorBody, bodyExample: { status: 'maintenance' }, headers: ['If-Match'] },
    responses: { 200: { description: 'Updated', schema: Sensor, example: { ...sensorExample, version: 2, status: 'maintenance' }, headers: ETAG } },
    fn: WRITES_SENSORS,
  },
  {
    ...sensorsCommon,
    operationId: 'deleteSensor',
    method: 'DELETE',
    path: '/v1/sensors/{id}',
    summary: 'Delete a sensor and revoke its device certificate (its readings are kept)',
    handler: 'http/sensors/delete',
    auth: authenticated(STAFF_WRITERS),
    request: { params: SensorIdParams, headers: ['If-Match'] },
    responses: { 204: { description: 'Deleted' } },
    fn: MANAGES_DEVICES,
  },
];

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
