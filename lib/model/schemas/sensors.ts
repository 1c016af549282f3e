/**
 * Sensors: the devices of a water network that report readings. A sensor's id is the
 * device's own code (also its IoT thing name and MQTT client id), unique across tenants.
 * The MQTT credentials are answered once, on create (`SensorWithCredentials`).
 */
import * as z from 'zod';
import { lazySchema } from '../lazy-schema';
import { PHYSICAL_RANGES } from '#domain/telemetry/sensor-kinds';
import { SENSOR_ID_PATTERN, SENSOR_KINDS } from '#domain/telemetry/types';
import { Id, IsoDateTime, PageQuery } from './common';

export const SensorId = lazySchema(() => z
  .string()
  .regex(SENSOR_ID_PATTERN, 'must be 2-64 capital letters, digits or _ (the device code)')
  .meta({ example: 'PH_001' }));

export const SensorIdParams = lazySchema(() => z.strictObject({ id: SensorId }));

export const SENSOR_STATUSES = ['active', 'inactive', 'maintenance'] as const;
const SensorKind = lazySchema(() => z.enum(SENSOR_KINDS));
const SensorStatus = lazySchema(() => z.enum(SENSOR_STATUSES));
const SampleInterval = lazySchema(() => z.int().min(1).max(86_400).describe('Seconds between two readings the device is configured for'));

const UNITS = Object.entries(PHYSICAL_RANGES)
  .map(([kind, r]) => `${kind}: ${r.unit}`)
  .join(', ');

export const CreateSensorBody = lazySchema(() => z
  .strictObject({
    id: SensorId,
    kind: SensorKind,
    unit: z.string().min(1).max(32).optional().describe(`The kind's unit (${UNITS}); default: that unit`),
    siteId: Id,
    assetId: Id.optional().describe('An asset of the same site the sensor is mounted on'),
    sampleIntervalSeconds: SampleInterval.default(60),
    status: SensorStatus.default('active'),
  })
  .superRefine((b, ctx) => {
    const expected = PHYSICAL_RANGES[b.kind].unit;
    if (b.unit !== undefined && b.unit !== expected) {
      ctx.addIssue({ code: 'custom', path: ['unit'], message: `a ${b.kind} sensor reports in ${expected}` });
    }
  }));

/** PATCH semantics: every field optional, at least one present; `assetId: null` detaches the sensor from its asset. */
export const UpdateSensorBody = lazySchema(() => z
  .strictObject({
    siteId: Id.optional(),
    assetId: Id.nullable().optional(),
    sampleIntervalSeconds: SampleInterval.optional(),
    status: SensorStatus.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'at least one field is required' }));

export const ListSensorsQuery = lazySchema(() => PageQuery.extend({ siteId: Id.optional(), kind: SensorKind.optional() }));

export const Sensor = lazySchema(() => z
  .object({
    id: SensorId,
    version: z.int().min(1),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
    kind: SensorKind,
    unit: z.string(),
    siteId: Id,
    assetId: Id.nullable(),
    clientId: Id.nullable().describe("The site's client; client users see only their own"),
    sampleIntervalSeconds: z.int(),
    status: SensorStatus,
    lastReadingAt: IsoDateTime.nullable().describe('Time of the newest reading received (not versioned: it does not change the ETag)'),
  })
  .meta({ id: 'Sensor' }));

export const MqttCredentials = lazySchema(() => z
  .object({
    url: z.string().describe('Broker URL, e.g. mqtts://<endpoint>:8883'),
    clientId: z.string().describe('The MQTT client id the device must use (its sensor id)'),
    topic: z.string().describe('The only topic the device may publish to'),
    certificatePem: z.string(),
    privateKey: z.string().describe('Shown only in this answer: Hydrant does not keep it'),
    caCertificatePem: z.string(),
  })
  .meta({ id: 'MqttCredentials' }));

export const SensorWithCredentials = lazySchema(() => Sensor.extend({ mqtt: MqttCredentials }).meta({ id: 'SensorWithCredentials' }));

export const sensorExample = {
  id: 'PH_001',
  version: 1,
  createdAt: '2026-11-21T09:30:00.000Z',
  updatedAt: '2026-11-21T09:30:00.000Z',
  kind: 'ph',
  unit: 'pH',
  siteId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B',
  assetId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8C',
  clientId: '01JD5Y7Z8M6Q2V3W4X5Y6Z7C0D',
  sampleIntervalSeconds: 60,
  status: 'active',
  lastReadingAt: '2026-11-21T10:15:00.000Z',
};

export const sensorWithCredentialsExample = {
  ...sensorExample,
  lastReadingAt: null,
  mqtt: {
    url: 'mqtts://a1b2c3d4e5f6g7-ats.iot.eu-west-1.amazonaws.com:8883',
    clientId: 'PH_001',
    topic: 'hydrant/PH_001/telemetry',
    certificatePem: '-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----\n',
    privateKey: '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----\n',
    caCertificatePem: '-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----\n',
  },
};
