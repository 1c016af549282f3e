/**
 * Run one queued forecast job (the forecast worker's use case).
 *
 * Steps:
 *   1. mark the job running (conditional: a job already succeeded or failed is skipped, so
 *      a duplicate message changes nothing; a redelivered running job is run again); a job
 *      that does not exist throws {@link UnknownForecastJob} (the message ends in the DLQ);
 *   2. read the source (the stored CSV series; a document's CSV, streamed from the verified
 *      object version and aggregated while it is read, after checking the document is
 *      still available; or the sensor's buckets from the telemetry store), run the engine,
 *      keep the result (history cut to what the chart needs);
 *   3. end the job `succeeded` with its result, or `failed` with the reason of a
 *      `ForecastError` (not retried: the same input fails the same way), in one
 *      transaction with the `forecast.completed` outbox event.
 * Any other error is thrown, for the message to be retried; on the `lastReceive` the job
 * is also ended `failed` (INTERNAL_ERROR) first, so it does not stay `running` forever
 * while the message goes to the DLQ for operators.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { ulid } from 'ulid';
import { getDocument } from '#adapters/dynamodb/documents-repository';
import { completeForecastJob, getForecastSeries, startForecastJob, type Completion } from '#adapters/dynamodb/forecast-jobs-repository';
import { ObjectTooLarge, readObjectText } from '#adapters/s3/documents-bucket';
import { telemetryStore } from '#adapters/telemetry/telemetry-store';
import { MAX_DOCUMENT_BYTES } from '#domain/documents';
import {
  completionEvent,
  csvRowsNote,
  documentSourceProblem,
  failureOf,
  forecastSensorSeries,
  forecastStoredSeries,
  keptResult,
  readDocumentSeries,
  readSensorSeries,
  type CsvInputReport,
  type DocumentSource,
  type ForecastJob,
  type ForecastJobMessage,
} from '#domain/forecast-jobs';
import { ForecastError, InvalidForecastInputError, type ForecastResult } from '#domain/forecasting/index';
import { logger, metrics } from '#platform/observability';

/** A message naming a job that does not exist: reported, so it ends in the DLQ where an operator sees it. */
export class UnknownForecastJob extends Error {}

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

/** Runs the engine on the job's source; what became of a document's rows is reported in `read` as soon as it is known. */
async function resultOf(tenantId: string, job: ForecastJob, read: { input?: CsvInputReport }): Promise<ForecastResult> {
  if (job.source.type === 'sensor') {
    const series = await readSensorSeries(telemetryStore, tenantId, job.source, Date.now());
    return keptResult(forecastSensorSeries(series, job.source, job.options));
  }
  if (job.source.type === 'document') {
    const { series, input } = await readDocumentSource(tenantId, job.source);
    read.input = input;
    return keptResult(forecastStoredSeries(series, job.options), [csvRowsNote(input)]);
  }
  const series = await getForecastSeries(tenantId, job.id);
  if (!series) throw new Error(`forecast job ${job.id} has a CSV source but no stored series`);
  return keptResult(forecastStoredSeries(series, job.options), job.input ? [csvRowsNote(job.input)] : []);
}

async function finish(tenantId: string, job: ForecastJob, completion: Completion): Promise<void> {
  const now = new Date().toISOString();
  const event = completionEvent(ulid(), tenantId, { ...job, ...completion }, now);
  const done = await completeForecastJob(tenantId, job.id, completion, event, now);
  if (!done) logger.info('The forecast job had already ended: this run changes nothing', { jobId: job.id });
  else metrics.addMetric(completion.status === 'succeeded' ? 'ForecastsSucceeded' : 'ForecastsFailed', MetricUnit.Count, 1);
}

/** Runs the job `message` names; throws to have the message retried (then kept in the DLQ). */
export async function runForecastJob({ tenantId, jobId }: ForecastJobMessage, lastReceive: boolean): Promise<void> {
  logger.appendKeys({ jobId });
  const started = await startForecastJob(tenantId, jobId, new Date().toISOString());
  if (started.kind === 'missing') throw new UnknownForecastJob(`no forecast job ${jobId} in tenant ${tenantId}`);
  if (started.kind === 'final') {
    logger.info('Duplicate message for an ended forecast job: skipped', { status: started.job.status });
    return;
  }
  const job = started.job;
  const read: { input?: CsvInputReport } = {};
  try {
    const t0 = performance.now();
    const result = await resultOf(tenantId, job, read);
    metrics.addMetric('ForecastMilliseconds', MetricUnit.Milliseconds, performance.now() - t0);
    await finish(tenantId, job, { status: 'succeeded', result, ...read });
  } catch (error) {
    if (error instanceof ForecastError) {
      await finish(tenantId, job, { status: 'failed', reason: failureOf(error), ...read });
      return;
    }
    if (lastReceive) {
      logger.error('Forecast job failed on its last receive: marked failed, message goes to the DLQ', { error: error as Error });
      await finish(tenantId, job, { status: 'failed', reason: failureOf(error), ...read });
    }
    throw error;
  }
}
