/**
 * Sensors: devices that report readings. A sensor belongs to a site and takes the
 * site's client, so client users see the sensors of their client's sites only.
 */
import { canSeeClientData, type Principal } from './principal';
import { PHYSICAL_RANGES } from './telemetry/sensor-kinds';
import type { Reading, SensorKind } from './telemetry/types';
import type { SensorFacts } from './telemetry/validation';

export type SensorStatus = 'active' | 'inactive' | 'maintenance';

export interface Sensor {
  /** The device's own code, e.g. `PH_001`: also its IoT thing name. */
  readonly id: string;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly kind: SensorKind;
  readonly unit: string;
  readonly siteId: string;
  readonly assetId: string | null;
  readonly clientId: string | null;
  readonly sampleIntervalSeconds: number;
  readonly status: SensorStatus;
  /** Kept up to date by ingest, outside the version (it never conflicts with an edit). */
  readonly lastReadingAt: string | null;
}

export interface NewSensor {
  readonly id: string;
  readonly kind: SensorKind;
  readonly unit?: string;
  readonly siteId: string;
  readonly assetId?: string;
  readonly sampleIntervalSeconds: number;
  readonly status: SensorStatus;
}

export interface SensorPatch {
  readonly siteId?: string;
  readonly assetId?: string | null;
  readonly sampleIntervalSeconds?: number;
  readonly status?: SensorStatus;
}

/** The unit readings of a kind are stored and range-checked in. */
export const unitOfKind = (kind: SensorKind): string => PHYSICAL_RANGES[kind].unit;

export function newSensor(input: NewSensor, clientId: string | null, now: string): Sensor {
  return {
    id: input.id,
    version: 1,
    createdAt: now,
    updatedAt: now,
    kind: input.kind,
    unit: input.unit ?? unitOfKind(input.kind),
    siteId: input.siteId,
    assetId: input.assetId ?? null,
    clientId,
    sampleIntervalSeconds: input.sampleIntervalSeconds,
    status: input.status,
    lastReadingAt: null,
  };
}

/**
 * Applies a patch. A sensor that moves to another site takes that site's client and
 * leaves its asset unless the patch names one (an asset belongs to one site).
 */
export function applySensorPatch(sensor: Sensor, patch: SensorPatch, siteClientId: string | null, now: string): Sensor {
  const moving = patch.siteId !== undefined && patch.siteId !== sensor.siteId;
  return {
    ...sensor,
    siteId: patch.siteId ?? sensor.siteId,
    assetId: patch.assetId !== undefined ? patch.assetId : moving ? null : sensor.assetId,
    clientId: siteClientId,
    sampleIntervalSeconds: patch.sampleIntervalSeconds ?? sensor.sampleIntervalSeconds,
    status: patch.status ?? sensor.status,
    version: sensor.version + 1,
    updatedAt: now,
  };
}

export const canSeeSensor = (principal: Principal, sensor: Pick<Sensor, 'clientId'>): boolean => canSeeClientData(principal, sensor.clientId);

/** What ingest validation needs to know of a sensor. */
export const sensorFacts = (sensor: Pick<Sensor, 'kind' | 'unit'>): SensorFacts => ({ kind: sensor.kind, unit: sensor.unit });

/** A sensor with its latest reading (null when it has none), as the latest routes answer it. */
export function latestOf(sensor: Pick<Sensor, 'id' | 'kind' | 'unit'>, reading: Pick<Reading, 'ts' | 'value' | 'quality'> | undefined) {
  return {
    sensorId: sensor.id,
    kind: sensor.kind,
    unit: sensor.unit,
    latest: reading ? { ts: new Date(reading.ts).toISOString(), value: reading.value, quality: reading.quality } : null,
  };
}
