/**
 * Validation of incoming readings, used by every ingest path (HTTP batch, MQTT rule).
 * Each reading is judged on its own, so good readings are kept when others are
 * rejected; each rejection carries its index in the batch and a stable code.
 */
import { PHYSICAL_RANGES } from './sensor-kinds';
import { parseTimestamp } from './timestamps';
import { QUALITIES, SENSOR_ID_PATTERN, type Quality, type Reading, type SensorKind } from './types';

/** Stable codes of per-reading rejections (ingest and stores). */
export type RejectionCode =
  /** Not a reading: bad sensor id, timestamp, value, quality or metadata. */
  | 'INVALID_READING'
  /** No sensor with that id is registered in the tenant. */
  | 'UNKNOWN_SENSOR'
  /** The value is outside the physical range of the sensor's kind (e.g. pH 15). */
  | 'OUT_OF_RANGE'
  /** The reading says a unit other than the sensor's. */
  | 'UNIT_MISMATCH'
  /** The timestamp is more than {@link MAX_FUTURE_SKEW_MS} ahead of the server clock. */
  | 'FUTURE_TIMESTAMP'
  /** The same sensor and timestamp appear earlier in the same batch. */
  | 'DUPLICATE'
  /** A reading with the same sensor and timestamp but another value is already stored. */
  | 'CONFLICTING_READING'
  /** The timestamp is outside what the store accepts (e.g. Timestream's ingestion window). */
  | 'TIMESTAMP_OUT_OF_RANGE'
  /** The store refused the reading for another reason (its message says why). */
  | 'STORE_REJECTED';

export interface Rejection {
  readonly index: number;
  readonly code: RejectionCode;
  readonly message: string;
}

/** A reading as a device or gateway sends it, before validation. */
export interface IncomingReading {
  readonly sensorId: unknown;
  readonly ts: unknown;
  readonly value: unknown;
  readonly quality?: unknown;
  readonly unit?: unknown;
  readonly metadata?: unknown;
}

/** What validation needs to know about a registered sensor. */
export interface SensorFacts {
  readonly kind: SensorKind;
  /** The unit the sensor was registered with; readings may omit it. */
  readonly unit?: string;
}

/** Readings may be at most this far ahead of the server clock (device clock skew). */
export const MAX_FUTURE_SKEW_MS = 5 * 60_000;
/** Serialized metadata above this size is refused (it is stored with every point). */
export const MAX_METADATA_BYTES = 1024;

export type ReadingVerdict = { readonly ok: true; readonly reading: Reading } | { readonly ok: false; readonly code: RejectionCode; readonly message: string };

/**
 * Judges one reading against the sensor it names.
 * @param sensor the registered sensor, or `undefined` when none has that id
 * @param now the server clock, epoch ms
 */
export function validateReading(input: IncomingReading, sensor: SensorFacts | undefined, now: number): ReadingVerdict {
  const shape = checkShape(input);
  if (!shape.ok) return shape;
  const reading = shape.reading;
  if (!sensor) return reject('UNKNOWN_SENSOR', `sensor ${reading.sensorId} is not registered`);
  const range = PHYSICAL_RANGES[sensor.kind];
  if (reading.value < range.min || reading.value > range.max) {
    const max = Number.isFinite(range.max) ? String(range.max) : '∞';
    return reject('OUT_OF_RANGE', `${reading.value} is outside the physical range of a ${sensor.kind} sensor (${range.min}..${max} ${range.unit})`);
  }
  const expectedUnit = sensor.unit ?? range.unit;
  if (reading.unit !== undefined && reading.unit !== expectedUnit) {
    return reject('UNIT_MISMATCH', `sensor ${reading.sensorId} reports in ${expectedUnit}, not ${reading.unit}`);
  }
  if (reading.ts > now + MAX_FUTURE_SKEW_MS) {
    return reject('FUTURE_TIMESTAMP', `timestamp ${new Date(reading.ts).toISOString()} is more than 5 minutes in the future`);
  }
  return { ok: true, reading };
}

/**
 * Judges a batch: each reading with {@link validateReading}, plus duplicates (same sensor and
 * timestamp as an earlier reading of the batch, whatever the value).
 * @param sensors the registered sensors the batch names, by id
 */
export function validateReadings(
  inputs: readonly IncomingReading[],
  sensors: ReadonlyMap<string, SensorFacts>,
  now: number,
): { readonly accepted: Array<{ readonly index: number; readonly reading: Reading }>; readonly rejected: Rejection[] } {
  const accepted: Array<{ index: number; reading: Reading }> = [];
  const rejected: Rejection[] = [];
  const seen = new Map<string, number>();
  inputs.forEach((input, index) => {
    const sensorId = typeof input?.sensorId === 'string' ? input.sensorId : '';
    const verdict = validateReading(input, sensors.get(sensorId), now);
    if (!verdict.ok) {
      rejected.push({ index, code: verdict.code, message: verdict.message });
      return;
    }
    const key = readingKey(verdict.reading);
    const first = seen.get(key);
    if (first !== undefined) {
      rejected.push({ index, code: 'DUPLICATE', message: `same sensor and timestamp as reading ${first}` });
      return;
    }
    seen.set(key, index);
    accepted.push({ index, reading: verdict.reading });
  });
  return { accepted, rejected };
}

/** The identity of a reading: a store keeps one reading per key. */
export const readingKey = (r: Pick<Reading, 'sensorId' | 'ts'>): string => `${r.sensorId}@${r.ts}`;

/**
 * What a store writes of a batch: each reading of a good shape once per {@link readingKey},
 * in the order first seen. A repeat with the same value and quality is written already
 * (counted in `repeats`); one with another value is refused (`CONFLICTING_READING`).
 */
export function uniqueReadings(inputs: readonly IncomingReading[]): {
  readonly entries: Array<{ readonly index: number; readonly reading: Reading }>;
  readonly repeats: number;
  readonly rejected: Rejection[];
} {
  const rejected: Rejection[] = [];
  let repeats = 0;
  const unique = new Map<string, { index: number; reading: Reading }>();
  inputs.forEach((input, index) => {
    const verdict = checkShape(input);
    if (!verdict.ok) return rejected.push({ index, code: verdict.code, message: verdict.message });
    const key = readingKey(verdict.reading);
    const first = unique.get(key);
    if (!first) return unique.set(key, { index, reading: verdict.reading });
    if (first.reading.value === verdict.reading.value && first.reading.quality === verdict.reading.quality) repeats++;
    else rejected.push({ index, code: 'CONFLICTING_READING', message: `reading ${first.index} of this batch has the same sensor and timestamp but another value` });
    return undefined;
  });
  return { entries: [...unique.values()], repeats, rejected };
}

/**
 * Structural checks only (no sensor registry): what every store requires of a reading.
 * Stores use it to refuse what they cannot store; ingest uses {@link validateReading}.
 */
export function checkShape(input: IncomingReading): ReadingVerdict {
  if (typeof input !== 'object' || input === null) return reject('INVALID_READING', 'a reading must be an object');
  const { sensorId, value, quality = 'GOOD', unit, metadata } = input;
  if (typeof sensorId !== 'string' || !SENSOR_ID_PATTERN.test(sensorId)) {
    return reject('INVALID_READING', 'sensorId must match ^[A-Z0-9_]{2,64}$');
  }
  const ts = parseTimestamp(input.ts);
  if (ts === undefined) {
    return reject('INVALID_READING', 'ts must be ISO 8601 with an offset or epoch milliseconds, between 2000 and 9999');
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) return reject('INVALID_READING', 'value must be a finite number');
  if (!isStorableNumber(value)) return reject('INVALID_READING', 'value must be 0 or of magnitude 1e-130 to 2^53');
  if (typeof quality !== 'string' || !(QUALITIES as readonly string[]).includes(quality)) {
    return reject('INVALID_READING', 'quality must be GOOD, UNCERTAIN or BAD');
  }
  if (unit !== undefined && (typeof unit !== 'string' || unit.length === 0 || unit.length > 32)) {
    return reject('INVALID_READING', 'unit must be a string of 1 to 32 characters');
  }
  if (metadata !== undefined) {
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
      return reject('INVALID_READING', 'metadata must be an object');
    }
    const problem = metadataProblem(metadata);
    if (problem) return reject('INVALID_READING', `metadata ${problem}`);
    if (utf8.encode(JSON.stringify(metadata)).length > MAX_METADATA_BYTES) {
      return reject('INVALID_READING', `metadata must serialize to at most ${MAX_METADATA_BYTES} bytes`);
    }
  }
  const reading: Reading = {
    sensorId,
    ts,
    value: Object.is(value, -0) ? 0 : value,
    quality: quality as Quality,
    ...(unit !== undefined ? { unit: unit as string } : {}),
    ...(metadata !== undefined ? { metadata: metadata as Record<string, unknown> } : {}),
  };
  return { ok: true, reading };
}

const utf8 = new TextEncoder();

/**
 * Whether every store keeps the number exactly: DynamoDB's SDK refuses magnitudes beyond
 * 2^53 and DynamoDB itself those below 1e-130.
 */
function isStorableNumber(x: number): boolean {
  return Number.isFinite(x) && Math.abs(x) <= Number.MAX_SAFE_INTEGER && (x === 0 || Math.abs(x) >= 1e-130);
}

/** What stores cannot keep in metadata (empty keys, numbers beyond ±2^53), or undefined. */
function metadataProblem(value: unknown, depth = 0): string | undefined {
  if (depth > 8) return 'must not nest more than 8 levels';
  if (typeof value === 'number') return isStorableNumber(value) ? undefined : 'numbers must be 0 or of magnitude 1e-130 to 2^53';
  if (Array.isArray(value)) {
    for (const v of value) {
      const p = metadataProblem(v, depth + 1);
      if (p) return p;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k.length === 0) return 'keys must not be empty';
      const p = metadataProblem(v, depth + 1);
      if (p) return p;
    }
  }
  return undefined;
}

function reject(code: RejectionCode, message: string): ReadingVerdict {
  return { ok: false, code, message };
}
