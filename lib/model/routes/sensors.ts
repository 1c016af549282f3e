/** Sensors: registration (with their device identity), reads, updates, removal. */
import { pageOf } from '../schemas/common';
import { CreateSensorBody, ListSensorsQuery, Sensor, sensorExample, SensorIdParams, SensorWithCredentials, sensorWithCredentialsExample, UpdateSensorBody } from '../schemas/sensors';
import type { FunctionSpec, RouteDecl } from '../types';
import { ALL_ROLES, authenticated, STAFF_WRITERS } from './access';

const ETAG = ['ETag'];
const sensorsCommon = { tag: 'Sensors', apiKey: true } as const;
/** Machine clients read telemetry (and the sensors it comes from) with this scope. */
const READ_SCOPES = ['telemetry.read'];
const READS_SENSORS: FunctionSpec = { access: { table: 'read' } };
const WRITES_SENSORS: FunctionSpec = { access: { table: 'readWrite' } };
/** Registering and deleting a sensor provisions and revokes its device identity (IoT thing, certificate). */
const MANAGES_DEVICES: FunctionSpec = { timeoutSeconds: 15, access: { table: 'readWrite', iotDevices: 'manage' } };

export const sensorsRoutes: readonly RouteDecl[] = [
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
