import { ulid } from 'ulid';
import { getDocument } from '#adapters/dynamodb/documents-repository';
import { completeForecastJob, createForecastJob } from '#adapters/dynamodb/forecast-jobs-repository';
import { getSensor } from '#adapters/dynamodb/sensors-repository';
import { enqueueForecastJob } from '#adapters/sqs/forecast-jobs';
import { refuseDocumentSource, refuseSensorForecast, refuseUnknownForecastSensor, refuseUnreadableCsv } from '#application/refusals';
import {
  canForecastSource,
  completionEvent,
  documentSourceProblem,
  newForecastJob,
  parseCsvSource,
  type CsvInputReport,
  type ForecastJob,
  type StoredSeries,
  type StoredSource,
} from '#domain/forecast-jobs';
import { ForecastError } from '#domain/forecasting/index';
import type { Principal } from '#domain/principal';
import type { CreateForecastBody } from '#lib/model/schemas/forecasts';
import { logger } from '#platform/observability';

/**
 * Asks for a forecast. Steps:
 *   1. a machine client forecasting a sensor must also read telemetry (403);
 *   2. the source: a sensor must exist in the tenant (422 UNKNOWN_SENSOR); an inline CSV
 *      is parsed now (a CSV with no readable series is 422 at once) and only its series
 *      is kept; a document must be the caller's to see (404 otherwise, as for any other
 *      tenant's or client's), `available` (409 DOCUMENT_NOT_AVAILABLE while pending or
 *      once rejected) and a CSV (400 DOCUMENT_NOT_CSV): the worker reads it, streaming,
 *      when the job runs;
 *   3. the job is stored `queued`, then the message sent; if the send fails, the job is
 *      ended `failed` (QUEUE_UNAVAILABLE, with its completion event) so no queued job is
 *      orphaned, and the call fails.
 * Returns the queued job.
 */
export async function createForecast(who: Principal, request: CreateForecastBody): Promise<ForecastJob> {
  if (!canForecastSource(who, request.source)) refuseSensorForecast();
  const { source, series, input } = await forecastSource(who, request.source);
  const now = new Date().toISOString();
  const options = { family: request.family, ...(request.horizon !== undefined ? { horizon: request.horizon } : {}), ...(request.period !== undefined ? { period: request.period } : {}) };
  const job = newForecastJob({ id: ulid(), source, options, ...(input ? { input } : {}), principal: who, now });
  await createForecastJob(who.tenantId, job, series);
  try {
    await enqueueForecastJob({ tenantId: who.tenantId, jobId: job.id });
  } catch (error) {
    await failUnqueuedJob(who.tenantId, job);
    throw error;
  }
  return job;
}

/** Step 2: the source as stored, and an inline CSV's series and input report. */
async function forecastSource(who: Principal, source: CreateForecastBody['source']): Promise<{ source: StoredSource; series?: StoredSeries; input?: CsvInputReport }> {
  if (source.type === 'sensor') {
    if (!(await getSensor(who.tenantId, source.sensorId))) refuseUnknownForecastSensor(source.sensorId);
    return { source };
  }
  if (source.type === 'document') {
    const problem = documentSourceProblem(who, await getDocument(who.tenantId, source.documentId));
    if (problem) refuseDocumentSource(problem, source.documentId);
    return { source };
  }
  const { content, ...csvSource } = source;
  try {
    const { series, input } = parseCsvSource(content, csvSource);
    return { source: csvSource, series, input };
  } catch (error) {
    if (!(error instanceof ForecastError)) throw error;
    return refuseUnreadableCsv(error);
  }
}

/** Step 3's undo: a job whose message could not be sent ends `failed` (best effort: the send's error is the one thrown). */
async function failUnqueuedJob(tenantId: string, job: ForecastJob): Promise<void> {
  const reason = { code: 'QUEUE_UNAVAILABLE', message: 'the forecast could not be queued; ask again' };
  const at = new Date().toISOString();
  await completeForecastJob(tenantId, job.id, { status: 'failed', reason }, completionEvent(ulid(), tenantId, { ...job, status: 'failed', reason }, at), at).catch((e: unknown) =>
    logger.error('A forecast job that could not be queued could not be marked failed either', { jobId: job.id, error: e as Error }),
  );
}
