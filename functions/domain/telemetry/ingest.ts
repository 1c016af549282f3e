/**
 * The one ingest use case of both entries: `POST /v1/telemetry` (gateways, partners) and
 * the IoT rule's function (devices over MQTT). It talks to the world through ports only,
 * so it is tested without AWS.
 *
 * Steps:
 *  1. look up the sensors the batch names (one batched read);
 *  2. judge every reading on its own ({@link validateReadings}): unknown sensor, physical
 *     range of the kind, unit, future timestamp, duplicate in the batch;
 *  3. store the good ones (idempotent by sensor and time: a replayed batch stores nothing
 *     twice); the store may still refuse some (a conflicting value, Timestream's window);
 *  4. publish what was stored, one event per sensor, for alert evaluation (HTTP only: the
 *     IoT rule sends device messages to the queue itself);
 *  5. move each sensor's `lastReadingAt` forward (conditional: only when newer).
 * A store or publish failure is thrown: the caller retries and, the store being
 * idempotent, nothing is stored twice.
 */
import type { TelemetryStore } from './store';
import type { Reading } from './types';
import { validateReadings, type IncomingReading, type Rejection, type SensorFacts } from './validation';

/** What ingest needs of the sensor registry. */
export interface SensorDirectory {
  /** The registered sensors among `sensorIds` in the tenant (missing ones are absent). */
  facts(tenantId: string, sensorIds: readonly string[]): Promise<ReadonlyMap<string, SensorFacts>>;
  /** Sets `lastReadingAt` of each sensor to the given instant unless it is already newer. */
  touch(tenantId: string, lastReadingAt: ReadonlyMap<string, number>): Promise<void>;
}

/** The telemetry-events queue, as ingest sees it. */
export interface TelemetryEvents {
  /** One event per sensor: `{ tenantId, sensorId, readings }`. */
  publish(tenantId: string, readingsBySensor: ReadonlyMap<string, readonly Reading[]>): Promise<void>;
}

export interface IngestPorts {
  readonly sensors: SensorDirectory;
  readonly store: TelemetryStore;
  /** Absent: nothing is published (the IoT rule publishes device messages itself). */
  readonly events?: TelemetryEvents;
  /** Epoch ms. */
  readonly now: () => number;
}

export interface IngestOutcome {
  /** Readings stored (including identical replays). */
  readonly accepted: number;
  /** Sorted by index. */
  readonly rejected: Rejection[];
  /** The stored readings. */
  readonly stored: Reading[];
}

export async function ingestReadings(ports: IngestPorts, tenantId: string, inputs: readonly IncomingReading[]): Promise<IngestOutcome> {
  const [outcome] = await ingestReadingGroups(ports, tenantId, [inputs]);
  return outcome as IngestOutcome;
}

/**
 * {@link ingestReadings} for several groups of readings at once (the device messages of one
 * SQS batch): each group is judged on its own (indexes, duplicates within the group), then
 * the good readings of every group go to the store in ONE write, so the store merges them
 * per sensor and rollup bucket. A reading two groups share (a QoS-1 message published
 * twice) is stored once and accepted in both. One outcome per group, in order.
 */
export async function ingestReadingGroups(ports: IngestPorts, tenantId: string, groups: ReadonlyArray<readonly IncomingReading[]>): Promise<IngestOutcome[]> {
  const ids = [...new Set(groups.flat().map((r) => (typeof r?.sensorId === 'string' ? r.sensorId : '')).filter(Boolean))];
  const sensors = ids.length > 0 ? await ports.sensors.facts(tenantId, ids) : new Map<string, SensorFacts>();
  const now = ports.now();
  const judged = groups.map((inputs) => validateReadings(inputs, sensors, now));
  // Every good reading of every group, with where it came from.
  const origins = judged.flatMap(({ accepted }, group) => accepted.map((a) => ({ group, index: a.index, reading: a.reading })));
  const outcomes = judged.map(({ rejected }) => ({ accepted: 0, rejected: [...rejected], stored: [] as Reading[] }));

  if (origins.length > 0) {
    const result = await ports.store.write(
      tenantId,
      origins.map((o) => o.reading),
    );
    const refused = new Set<number>();
    for (const r of result.rejected) {
      const origin = origins[r.index];
      if (!origin) continue;
      refused.add(r.index);
      outcomes[origin.group]?.rejected.push({ index: origin.index, code: r.code, message: r.message });
    }
    origins.forEach((o, i) => {
      if (!refused.has(i)) outcomes[o.group]?.stored.push(o.reading);
    });
  }
  for (const outcome of outcomes) {
    outcome.rejected.sort((a, b) => a.index - b.index);
    outcome.accepted = outcome.stored.length;
  }

  const stored = outcomes.flatMap((o) => o.stored);
  if (stored.length > 0) {
    const bySensor = groupBySensor(stored);
    if (ports.events) await ports.events.publish(tenantId, bySensor);
    const newest = new Map<string, number>();
    for (const [id, readings] of bySensor) newest.set(id, readings.reduce((max, r) => Math.max(max, r.ts), -Infinity));
    await ports.sensors.touch(tenantId, newest);
  }
  return outcomes;
}

/** Readings grouped by sensor, each group in time order. */
export function groupBySensor(readings: readonly Reading[]): Map<string, Reading[]> {
  const out = new Map<string, Reading[]>();
  for (const r of readings) {
    const list = out.get(r.sensorId) ?? [];
    list.push(r);
    out.set(r.sensorId, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.ts - b.ts);
  return out;
}

/**
 * The readings of one device message as the IoT rule hands it over
 * (`SELECT *, topic(2) AS sensorId, timestamp() AS receivedAt`): one reading
 * `{ts, value, quality?, unit?}` or `{readings: [...]}`. The sensor id always comes from
 * the topic, which the device's policy confines to its own: a payload cannot speak for
 * another device.
 */
export function readingsOfDeviceMessage(event: unknown): { sensorId: string | undefined; readings: IncomingReading[] } {
  if (typeof event !== 'object' || event === null) return { sensorId: undefined, readings: [] };
  const message = event as Record<string, unknown>;
  const sensorId = typeof message.sensorId === 'string' ? message.sensorId : undefined;
  const raw = Array.isArray(message.readings) ? (message.readings as unknown[]) : [message];
  const readings = raw.map((r): IncomingReading => {
    const o = typeof r === 'object' && r !== null ? (r as Record<string, unknown>) : {};
    return {
      sensorId,
      ts: o.ts,
      value: o.value,
      ...(o.quality !== undefined ? { quality: o.quality } : {}),
      ...(o.unit !== undefined ? { unit: o.unit } : {}),
      ...(o.metadata !== undefined ? { metadata: o.metadata } : {}),
    };
  });
  return { sensorId, readings };
}
