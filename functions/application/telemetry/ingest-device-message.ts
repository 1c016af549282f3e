/**
 * Store what a device published on `hydrant/<sensorId>/telemetry` (the IoT rule
 * function's use case). The message is the rule's output, `{ sensorId, receivedAt,
 * ...device payload }` where the payload is one reading `{ts, value, quality?, unit?}` or
 * `{readings: [...]}`; the sensor id comes from the topic, which the device's policy
 * confines to its own.
 *
 * Steps:
 *   1. read the readings of the message (pure); find the device's tenant (and kind, unit)
 *      through the sensor directory item; an unknown device's readings are all rejected;
 *   2. keep at most {@link MAX_READINGS_PER_MESSAGE} readings (the rest are rejected);
 *   3. run the shared ingest (validation, idempotent store write, `lastReadingAt`);
 *   4. count accepted and rejected readings, and log the rejections by index and code
 *      (values and metadata are device data, not log material).
 * Invalid readings and unknown devices are returned, never thrown: a retry could not fix
 * them. A failure of the store (or DynamoDB) IS thrown, so the message is kept by the
 * invocation's failure handling (retries, then the rule's error action).
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { findSensorDirectoryEntry, touchSensors } from '#adapters/dynamodb/sensors-repository';
import { telemetryStore } from '#adapters/telemetry/telemetry-store';
import { ingestReadings, readingsOfDeviceMessage } from '#domain/telemetry/ingest';
import type { Rejection } from '#domain/telemetry/validation';
import { logger, metrics } from '#platform/observability';

/** The most readings one device message may carry; the rest are rejected. */
export const MAX_READINGS_PER_MESSAGE = 1000;

export interface IngestTelemetryOutcome {
  readonly sensorId: string | null;
  readonly accepted: number;
  readonly rejected: readonly Rejection[];
}

export async function ingestDeviceMessage(message: unknown): Promise<IngestTelemetryOutcome> {
  const { sensorId, readings } = readingsOfDeviceMessage(message);
  const entry = sensorId ? await findSensorDirectoryEntry(sensorId) : undefined;
  if (!sensorId || !entry) {
    const rejected = readings.map((_, index): Rejection => ({ index, code: 'UNKNOWN_SENSOR', message: `sensor ${sensorId ?? '(none)'} is not registered` }));
    return outcome(sensorId ?? null, 0, rejected);
  }
  const batch = readings.slice(0, MAX_READINGS_PER_MESSAGE);
  const overflow = readings.slice(MAX_READINGS_PER_MESSAGE).map((_, i): Rejection => ({
    index: MAX_READINGS_PER_MESSAGE + i,
    code: 'INVALID_READING',
    message: `a message carries at most ${MAX_READINGS_PER_MESSAGE} readings`,
  }));
  const facts = new Map([[entry.sensorId, { kind: entry.kind, unit: entry.unit }]]);
  const result = await ingestReadings({ sensors: { facts: async () => facts, touch: touchSensors }, store: telemetryStore, now: Date.now }, entry.tenantId, batch);
  return outcome(sensorId, result.accepted, [...result.rejected, ...overflow]);
}

function outcome(sensorId: string | null, accepted: number, rejected: Rejection[]): IngestTelemetryOutcome {
  metrics.addMetric('telemetryReadingsAccepted', MetricUnit.Count, accepted);
  metrics.addMetric('telemetryReadingsRejected', MetricUnit.Count, rejected.length);
  if (rejected.length > 0) {
    logger.warn('device readings rejected', { sensorId, rejected: rejected.slice(0, 20).map((r) => ({ index: r.index, code: r.code, message: r.message })), count: rejected.length });
  }
  return { sensorId, accepted, rejected };
}
