/**
 * Run one queued forecast job (the forecast worker's use case), with the steps of
 * {@link runJob}: mark it running, compute its result, end it with its outbox event.
 * The result is read from the job's source: the stored CSV series; a document's CSV,
 * streamed from the verified object version and aggregated while it is read, after
 * checking the document is still available; or the sensor's buckets from the telemetry
 * store. A message naming no job throws `UnknownForecastJob` (it ends in the DLQ);
 * any error but a `ForecastError` is thrown for the message to be retried, and on the
 * `lastReceive` the job is also ended `failed` (INTERNAL_ERROR) first.
 */
import { getDocument } from '#adapters/dynamodb/documents-repository';
import { getZone } from '#adapters/dynamodb/zones-repository';
import { ObjectTooLarge, readObjectText } from '#adapters/s3/documents-bucket';
import { telemetryStore } from '#adapters/telemetry/telemetry-store';
import { MAX_DOCUMENT_BYTES } from '#domain/documents';
import {
  csvRowsNote,
  documentSourceProblem,
  forecastSensorSeries,
  forecastStoredSeries,
  keptResult,
  meterSource,
  readDocumentSeries,
  readSensorSeries,
  zoneNetInflow,
  type DocumentSource,
  type ForecastJobMessage,
  type SensorSeries,
  type ZoneSource,
} from '#domain/forecast-jobs';
import { InvalidForecastInputError } from '#domain/forecasting/index';
import { runJob, storedSeriesResult, type ResultOf } from './job-run';

/**
 * Reads a document source: the document must still be available and a CSV (it may have
 * been deleted since the job was asked for: the job then fails INVALID_INPUT, it is not
 * retried); its verified version is streamed and aggregated while it is read.
 */
async function readDocumentSource(tenantId: string, source: DocumentSource) {
  const doc = await getDocument(tenantId, source.documentId);
  const problem = documentSourceProblem(null, doc);
  if (problem || !doc) {
    const why = !problem || problem.kind === 'not-found' ? 'no longer exists' : problem.kind === 'not-available' ? `is ${problem.status}` : 'is not a CSV';
    throw new InvalidForecastInputError(`document ${source.documentId} ${why}`);
  }
  try {
    return await readDocumentSeries(readObjectText(doc.objectKey, doc.objectVersion, MAX_DOCUMENT_BYTES), source);
  } catch (error) {
    // A verified document is never larger; the same bytes would fail the same way, so no retry.
    if (error instanceof ObjectTooLarge) throw new InvalidForecastInputError(`document ${source.documentId} is larger than ${MAX_DOCUMENT_BYTES} bytes`);
    throw error;
  }
}

/**
 * Reads a zone source: each meter's mean flow per bucket (in the zone's time zone unless
 * the source names one), combined into the zone's net inflow. A zone deleted since the job
 * was asked for fails it INVALID_INPUT (not retried).
 */
async function readZoneSource(tenantId: string, source: ZoneSource): Promise<{ series: SensorSeries; tz: string }> {
  const zone = await getZone(tenantId, source.zoneId);
  if (!zone) throw new InvalidForecastInputError(`zone ${source.zoneId} no longer exists`);
  const now = Date.now();
  const tz = source.tz ?? zone.timezone;
  const series = await Promise.all(zone.meters.map((m) => readSensorSeries(telemetryStore, tenantId, meterSource(source, m.sensorId, tz), now)));
  return { series: zoneNetInflow(zone.meters, series), tz };
}

/** Runs the engine on the job's source; what became of a document's rows is reported in `read` as soon as it is known. */
const resultOf: ResultOf = async (tenantId, job, read) => {
  if (job.source.type === 'sensor') {
    const series = await readSensorSeries(telemetryStore, tenantId, job.source, Date.now());
    return keptResult(forecastSensorSeries(series, job.source, job.options));
  }
  if (job.source.type === 'zone') {
    const { series, tz } = await readZoneSource(tenantId, job.source);
    return keptResult(forecastSensorSeries(series, { interval: job.source.interval, agg: 'avg', tz }, job.options));
  }
  if (job.source.type === 'document') {
    const { series, input } = await readDocumentSource(tenantId, job.source);
    read.input = input;
    return keptResult(forecastStoredSeries(series, job.options), [csvRowsNote(input)]);
  }
  return storedSeriesResult(tenantId, job, read);
};

/** Runs the job `message` names; throws to have the message retried (then kept in the DLQ). */
export const runForecastJob = (message: ForecastJobMessage, lastReceive: boolean): Promise<void> => runJob(message, lastReceive, resultOf);
