/**
 * Store a batch of device messages (the `telemetry-ingest` queue's worker). Each message is
 * the IoT rule's output for what a device published on `hydrant/<sensorId>/telemetry`,
 * `{ sensorId, receivedAt, ...device payload }` where the payload is one reading
 * `{ts, value, quality?, unit?}` or `{readings: [...]}`; the sensor id comes from the topic,
 * which the device's policy confines to its own.
 *
 * Steps:
 *   1. read the readings of each message (pure), at most {@link MAX_READINGS_PER_MESSAGE}
 *      (the rest are rejected);
 *   2. find every device's tenant (and kind, unit) in one batched read of the sensor
 *      directory; an unknown device's readings are all rejected;
 *   3. per tenant, run the shared ingest on all its messages at once
 *      (`ingestReadingGroups`: each message judged on its own, then ONE idempotent store
 *      write, which merges the readings per sensor and rollup bucket; `lastReadingAt`);
 *   4. count accepted and rejected readings, and log the rejections by index and code
 *      (values and metadata are device data, not log material).
 * Invalid readings and unknown devices are returned, never thrown: a retry could not fix
 * them. A failure of the store (or DynamoDB) fails the messages of that tenant only, which
 * SQS delivers again (the store being idempotent, nothing is counted twice); a failure of
 * the directory read fails the whole batch.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { findSensorDirectoryEntries, touchSensors, type SensorDirectoryEntry } from '#adapters/dynamodb/sensors-repository';
import { telemetryStore } from '#adapters/telemetry/telemetry-store';
import { ingestReadingGroups, readingsOfDeviceMessage } from '#domain/telemetry/ingest';
import type { IncomingReading, Rejection, SensorFacts } from '#domain/telemetry/validation';
import { logger, metrics } from '#platform/observability';

/** The most readings one device message may carry; the rest are rejected. */
export const MAX_READINGS_PER_MESSAGE = 1000;

/** What became of one message's readings. */
export interface IngestTelemetryOutcome {
  readonly sensorId: string | null;
  readonly accepted: number;
  readonly rejected: readonly Rejection[];
}

/** One message of the batch: its id (the SQS message id) and its body. */
export interface DeviceMessage {
  readonly id: string;
  readonly body: unknown;
}

export interface DeviceMessagesOutcome {
  /** The outcome of each message that was handled, by message id. */
  readonly outcomes: ReadonlyMap<string, IngestTelemetryOutcome>;
  /** Ids of the messages whose readings could not be stored (to be delivered again). */
  readonly failed: readonly string[];
}

export async function ingestDeviceMessages(messages: readonly DeviceMessage[]): Promise<DeviceMessagesOutcome> {
  const read = messages.map((m) => {
    const { sensorId, readings } = readingsOfDeviceMessage(m.body);
    return { id: m.id, sensorId, readings: readings.slice(0, MAX_READINGS_PER_MESSAGE), overflow: Math.max(0, readings.length - MAX_READINGS_PER_MESSAGE) };
  });
  const ids = [...new Set(read.flatMap((m) => (m.sensorId ? [m.sensorId] : [])))];
  const directory = ids.length > 0 ? await findSensorDirectoryEntries(ids) : new Map<string, SensorDirectoryEntry>();

  const outcomes = new Map<string, IngestTelemetryOutcome>();
  const byTenant = new Map<string, typeof read>();
  for (const m of read) {
    const entry = m.sensorId ? directory.get(m.sensorId) : undefined;
    if (!entry) {
      const rejected = [...m.readings, ...Array<undefined>(m.overflow)].map((_, index): Rejection => ({ index, code: 'UNKNOWN_SENSOR', message: `sensor ${m.sensorId ?? '(none)'} is not registered` }));
      outcomes.set(m.id, outcome(m.sensorId ?? null, 0, rejected));
      continue;
    }
    byTenant.set(entry.tenantId, [...(byTenant.get(entry.tenantId) ?? []), m]);
  }

  const failed: string[] = [];
  await Promise.all(
    [...byTenant].map(async ([tenantId, tenantMessages]) => {
      const facts = new Map<string, SensorFacts>(tenantMessages.map((m) => [m.sensorId as string, directory.get(m.sensorId as string) as SensorFacts]));
      try {
        const results = await ingestReadingGroups(
          { sensors: { facts: async () => facts, touch: touchSensors }, store: telemetryStore, now: Date.now },
          tenantId,
          tenantMessages.map((m): IncomingReading[] => m.readings),
        );
        tenantMessages.forEach((m, i) => {
          const result = results[i] as { accepted: number; rejected: Rejection[] };
          outcomes.set(m.id, outcome(m.sensorId ?? null, result.accepted, [...result.rejected, ...overflowOf(m.overflow)]));
        });
      } catch (error) {
        logger.error('device readings not stored: their messages are reported as failed and delivered again', { tenantId, messages: tenantMessages.length, error: error as Error });
        failed.push(...tenantMessages.map((m) => m.id));
      }
    }),
  );
  return { outcomes, failed };
}

function overflowOf(count: number): Rejection[] {
  return Array.from({ length: count }, (_, i) => ({
    index: MAX_READINGS_PER_MESSAGE + i,
    code: 'INVALID_READING',
    message: `a message carries at most ${MAX_READINGS_PER_MESSAGE} readings`,
  }));
}

function outcome(sensorId: string | null, accepted: number, rejected: Rejection[]): IngestTelemetryOutcome {
  metrics.addMetric('telemetryReadingsAccepted', MetricUnit.Count, accepted);
  metrics.addMetric('telemetryReadingsRejected', MetricUnit.Count, rejected.length);
  if (rejected.length > 0) {
    logger.warn('device readings rejected', { sensorId, rejected: rejected.slice(0, 20).map((r) => ({ index: r.index, code: r.code, message: r.message })), count: rejected.length });
  }
  return { sensorId, accepted, rejected };
}
