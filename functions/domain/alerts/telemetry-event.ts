/**
 * Messages of the `telemetry-events` queue, as the IoT rule and HTTP ingest send them:
 * `{ sensorId, receivedAt?, ts?, value?, quality?, unit?, readings?: [{ts, value, quality?, unit?}] }`,
 * one reading or a `readings` array, and never a tenant (it comes from the sensor
 * registry). Other fields are ignored.
 */
import * as z from 'zod';
import { isWithinPhysicalRange } from '#domain/telemetry/sensor-kinds';
import { parseTimestamp } from '#domain/telemetry/timestamps';
import { QUALITIES, SENSOR_ID_PATTERN, type Quality, type SensorKind } from '#domain/telemetry/types';
import { MAX_FUTURE_SKEW_MS } from '#domain/telemetry/validation';

const Timestamp = z.union([z.string(), z.number()]);
const ReadingPart = z.object({ ts: Timestamp, value: z.unknown(), quality: z.unknown().optional() });

export const TelemetryEvent = z
  .object({
    sensorId: z.string().regex(SENSOR_ID_PATTERN),
    receivedAt: Timestamp.optional(),
    ts: Timestamp.optional(),
    value: z.unknown().optional(),
    quality: z.unknown().optional(),
    unit: z.string().optional(),
    readings: z.array(ReadingPart).max(10_000).optional(),
  })
  .refine((m) => m.readings !== undefined || m.ts !== undefined, { message: 'a telemetry event has ts and value, or readings' });
export type TelemetryEvent = z.infer<typeof TelemetryEvent>;

export interface EventReading {
  readonly ts: number;
  readonly value: number;
  readonly quality: Quality;
}

/**
 * The readings of a message. Malformed ones (timestamp, value or quality) are
 * counted, not returned: the stores refuse them too.
 */
export function readingsOf(message: TelemetryEvent): { readings: EventReading[]; malformed: number } {
  const parts = message.readings ?? [{ ts: message.ts, value: message.value, quality: message.quality }];
  const readings: EventReading[] = [];
  let malformed = 0;
  for (const part of parts) {
    const ts = parseTimestamp(part.ts);
    const quality = part.quality ?? 'GOOD';
    if (ts === undefined || typeof part.value !== 'number' || !Number.isFinite(part.value) || !(QUALITIES as readonly unknown[]).includes(quality)) {
      malformed++;
      continue;
    }
    readings.push({ ts, value: part.value, quality: quality as Quality });
  }
  return { readings, malformed };
}

/**
 * The readings ingest would accept: within the physical range of the sensor's kind
 * and not from a clock more than 5 minutes ahead (a future timestamp would hide every
 * later reading of the pair, which only evaluates newer readings).
 */
export function plausibleReadings(readings: readonly EventReading[], kind: SensorKind, now: number): EventReading[] {
  return readings.filter((r) => isWithinPhysicalRange(kind, r.value) && r.ts <= now + MAX_FUTURE_SKEW_MS);
}

/** When the message was received: its `receivedAt` (IoT rule), else the queue's send time, else now. */
export function receivedAtOf(message: TelemetryEvent, sentAt: number | undefined, now: number): number {
  return (message.receivedAt !== undefined ? parseTimestamp(message.receivedAt) : undefined) ?? sentAt ?? now;
}
