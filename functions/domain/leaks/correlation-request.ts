/**
 * What a correlation request must hold before the correlator runs: two acoustic loggers
 * of the zone, two available recordings the caller can see, at one sample rate. Pure:
 * the use case reads the sensors, their assets and the documents, these decide.
 */
import { canSeeDocument, type Document } from '#domain/documents';
import { isCsvDocument } from '#domain/forecast-jobs';
import type { Principal } from '#domain/principal';
import type { SensorKind } from '#domain/telemetry/types';
import { MAX_RECORDING_BYTES, type Recording, type RecordingFormat } from './recordings';

/** What is known of a logger: its kind and the zone of the asset it is mounted on. */
export interface LoggerFacts {
  readonly kind: SensorKind;
  readonly clientId: string | null;
  /** The zone of the sensor's asset; null when it has no asset or the asset no zone. */
  readonly zoneId: string | null;
}

export type LoggerRefusal = { readonly kind: 'unknown_sensor' | 'not_acoustic' | 'not_in_zone' | 'same_sensor'; readonly path: 'sensorA' | 'sensorB'; readonly message: string };

/**
 * Why the two loggers cannot be correlated in `zoneId`, or undefined: each exists and is
 * visible (unknown otherwise), is an `acoustic` sensor, sits on an asset of the zone, and
 * they are two.
 */
export function loggerRefusal(
  zoneId: string,
  loggers: ReadonlyArray<readonly ['sensorA' | 'sensorB', string, LoggerFacts | undefined]>,
  visible: (clientId: string | null) => boolean,
): LoggerRefusal | undefined {
  for (const [path, id, facts] of loggers) {
    if (!facts || !visible(facts.clientId)) return { kind: 'unknown_sensor', path, message: `no sensor ${id}` };
    if (facts.kind !== 'acoustic') return { kind: 'not_acoustic', path, message: `sensor ${id} is a ${facts.kind} sensor, not an acoustic logger` };
    if (facts.zoneId !== zoneId) return { kind: 'not_in_zone', path, message: `sensor ${id} is not on an asset of zone ${zoneId}` };
  }
  if (loggers.length === 2 && loggers[0]![1] === loggers[1]![1]) return { kind: 'same_sensor', path: 'sensorB', message: 'the two loggers must differ' };
  return undefined;
}

export type RecordingProblem =
  | { readonly kind: 'not-found' }
  | { readonly kind: 'not-available'; readonly status: string }
  | { readonly kind: 'not-a-recording'; readonly contentType: string }
  | { readonly kind: 'too-large'; readonly sizeBytes: number };

/** The format of a document usable as a recording, or why it is not. */
export function recordingFormat(who: Principal, doc: Document | undefined): { format: RecordingFormat } | { problem: RecordingProblem } {
  if (!doc || !canSeeDocument(who, doc)) return { problem: { kind: 'not-found' } };
  if (doc.status !== 'available') return { problem: { kind: 'not-available', status: doc.status } };
  if (doc.sizeBytes > MAX_RECORDING_BYTES) return { problem: { kind: 'too-large', sizeBytes: doc.sizeBytes } };
  const type = doc.contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'audio/wav' || type === 'audio/x-wav' || type === 'audio/wave') return { format: 'wav' };
  if (isCsvDocument(doc)) return { format: 'csv' };
  return { problem: { kind: 'not-a-recording', contentType: doc.contentType } };
}

/** Whether two recordings share their sample rate (to a millionth: CSV rates come from time stamps). */
export const sameSampleRate = (a: Recording, b: Recording): boolean => Math.abs(a.sampleRateHz - b.sampleRateHz) <= 1e-6 * Math.max(a.sampleRateHz, b.sampleRateHz);
