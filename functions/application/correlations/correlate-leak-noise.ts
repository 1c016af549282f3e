import { getAsset } from '#adapters/dynamodb/assets-repository';
import { getDocument } from '#adapters/dynamodb/documents-repository';
import { getSensor } from '#adapters/dynamodb/sensors-repository';
import { ObjectTooLarge, readObjectBytes } from '#adapters/s3/documents-bucket';
import { refuseLeakAnalysis, refuseLoggers, refuseRecording, refuseSampleRates } from '#application/refusals';
import { getZone } from '#application/zones/get-zone';
import { correlate } from '#domain/leaks/correlator';
import { loggerRefusal, recordingFormat, sameSampleRate, type LoggerFacts } from '#domain/leaks/correlation-request';
import { LeakAnalysisError } from '#domain/leaks/errors';
import { MAX_RECORDING_BYTES, parseRecording, type Recording } from '#domain/leaks/recordings';
import type { PipeMaterial } from '#domain/leaks/wave-speed';
import { canSeeClientData, type Principal } from '#domain/principal';

export interface CorrelationRequest {
  readonly sensorA: string;
  readonly sensorB: string;
  readonly documentA: string;
  readonly documentB: string;
  readonly distanceM: number;
  readonly pipeMaterial: PipeMaterial;
  readonly diameterMm: number;
  readonly waveSpeedMps?: number;
}

/**
 * Locates a leak between two acoustic loggers of a zone. Steps:
 *   1. read the zone the caller can see (404);
 *   2. read both sensors and their assets: each an `acoustic` sensor on an asset of the
 *      zone (422 UNKNOWN_SENSOR, WRONG_SENSOR_KIND, SENSOR_NOT_IN_ZONE, SAME_SENSOR);
 *   3. read both documents: visible (404), available (409), WAV or CSV within the size
 *      limit (422), then their bytes, parsed into samples (422 INVALID_RECORDING);
 *   4. both at one sample rate (422 SAMPLE_RATE_MISMATCH);
 *   5. run the correlator: the position with its uncertainty, or no coherent leak noise.
 * Nothing is stored: the answer is a function of the stored documents and the pipe.
 */
export async function correlateLeakNoise(who: Principal, zoneId: string, request: CorrelationRequest) {
  const zone = await getZone(who, zoneId);
  const loggers = await Promise.all(
    (['sensorA', 'sensorB'] as const).map(async (path) => [path, request[path], await loggerFacts(who.tenantId, request[path])] as const),
  );
  const refusal = loggerRefusal(zone.id, loggers, (clientId) => canSeeClientData(who, clientId));
  if (refusal) refuseLoggers(refusal);
  const [a, b] = await Promise.all([readRecording(who, request.documentA, 'documentA'), readRecording(who, request.documentB, 'documentB')]);
  if (!sameSampleRate(a, b)) refuseSampleRates(a.sampleRateHz, b.sampleRateHz);
  const result = analysed(() =>
    correlate({
      a: a.samples,
      b: b.samples,
      sampleRateHz: a.sampleRateHz,
      distanceM: request.distanceM,
      pipeMaterial: request.pipeMaterial,
      diameterMm: request.diameterMm,
      ...(request.waveSpeedMps ? { waveSpeedMps: request.waveSpeedMps } : {}),
    }),
  );
  const located = result.result === 'located' ? result : undefined;
  return {
    zoneId: zone.id,
    sensorA: request.sensorA,
    sensorB: request.sensorB,
    status: result.result,
    distanceFromAM: located?.distanceFromAM ?? null,
    uncertaintyM: located?.uncertaintyM ?? null,
    delayS: located?.delayS ?? null,
    waveSpeed: result.waveSpeed,
    peakCoefficient: located?.peakCoefficient ?? null,
    peakProminence: result.peakProminence,
    prominenceThreshold: result.prominenceThreshold,
    atLogger: located?.atLogger ?? null,
    sampleRateHz: a.sampleRateHz,
    durationS: Math.min(a.samples.length, b.samples.length) / a.sampleRateHz,
  };
}

async function loggerFacts(tenantId: string, sensorId: string): Promise<LoggerFacts | undefined> {
  const sensor = await getSensor(tenantId, sensorId);
  if (!sensor) return undefined;
  const asset = sensor.assetId ? await getAsset(tenantId, sensor.assetId) : undefined;
  return { kind: sensor.kind, clientId: sensor.clientId, zoneId: asset?.zoneId ?? null };
}

async function readRecording(who: Principal, documentId: string, path: 'documentA' | 'documentB'): Promise<Recording> {
  const doc = await getDocument(who.tenantId, documentId);
  const usable = recordingFormat(who, doc);
  if ('problem' in usable) return refuseRecording(usable.problem, documentId, path);
  let bytes: Uint8Array;
  try {
    bytes = await readObjectBytes(doc!.objectKey, doc!.objectVersion, MAX_RECORDING_BYTES);
  } catch (error) {
    if (error instanceof ObjectTooLarge) return refuseRecording({ kind: 'too-large', sizeBytes: MAX_RECORDING_BYTES + 1 }, documentId, path);
    throw error;
  }
  return analysed(() => parseRecording(bytes, usable.format), path);
}

/** Runs a leak analysis, its refusal of the input becoming a 422. */
function analysed<T>(run: () => T, path?: string): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof LeakAnalysisError) refuseLeakAnalysis(error, path);
    throw error;
  }
}
