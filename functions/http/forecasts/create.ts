/**
 * `POST /v1/forecasts`. Steps:
 *   1. a machine client forecasting a sensor must also read telemetry;
 *   2. the source: a sensor must exist in the tenant; an inline CSV is parsed now (a CSV
 *      with no readable series is 422 at once) and only its series is kept; a document
 *      must be the caller's to see (404 otherwise, as for any other tenant's or client's),
 *      `available` (409 DOCUMENT_NOT_AVAILABLE while pending or once rejected) and a CSV
 *      (400 DOCUMENT_NOT_CSV): the worker reads it, streaming, when the job runs;
 *   3. the job is stored `queued`, then the message sent; if the send fails, the job is
 *      ended `failed` (QUEUE_UNAVAILABLE) so no queued job is orphaned, and the call fails.
 */
import { ulid } from 'ulid';
import { completeForecastJob, createForecastJob } from '#adapters/dynamodb/forecast-jobs-repository';
import { getDocument } from '#adapters/dynamodb/documents-repository';
import { getSensor } from '#adapters/dynamodb/sensors-repository';
import { enqueueForecastJob } from '#adapters/sqs/forecast-jobs';
import {
  canForecastSource,
  completionEvent,
  documentSourceProblem,
  newForecastJob,
  parseCsvSource,
  type CsvInputReport,
  type StoredSeries,
  type StoredSource,
} from '#domain/forecast-jobs';
import type { Principal } from '#domain/principal';
import { ForecastError } from '#domain/forecasting/index';
import { findRoute } from '#lib/model/find-route';
import { forecastsRoutes } from '#lib/model/routes/forecasts';
import type { CreateForecastBody } from '#lib/model/schemas/forecasts';
import { Conflict, Forbidden, NotFound, Unprocessable, ValidationFailed } from '#platform/errors';
import { httpRoute, type HttpRequest } from '#wiring/http-route';
import { caller } from '#http-stack/resources';
import { logger } from '#platform/observability';

/** A document that is not a CSV cannot be a forecast's source. */
class DocumentNotCsv extends ValidationFailed {
  override readonly code = 'DOCUMENT_NOT_CSV';
}

/** Refuses a document that may not be forecast: 404, 409 or 400 with a stable code. */
async function checkDocumentSource(who: Principal, documentId: string): Promise<void> {
  const problem = documentSourceProblem(who, await getDocument(who.tenantId, documentId));
  if (!problem) return;
  if (problem.kind === 'not-found') throw new NotFound('Document', documentId);
  if (problem.kind === 'not-available') {
    throw new Conflict(`Document ${documentId} is ${problem.status}: only a verified (available) document can be forecast`, 'DOCUMENT_NOT_AVAILABLE', { documentStatus: problem.status });
  }
  throw new DocumentNotCsv(`Document ${documentId} is ${problem.contentType}, not a CSV`, [{ path: 'body.source.documentId', message: 'must be a text/csv document' }]);
}

export async function createForecast({ body, principal }: HttpRequest<unknown, unknown, CreateForecastBody>) {
  const who = caller(principal);
  if (!canForecastSource(who, body.source)) throw new Forbidden('Forecasting a sensor also needs the scope telemetry.read');
  let source: StoredSource;
  let series: StoredSeries | undefined;
  let input: CsvInputReport | undefined;
  if (body.source.type === 'sensor') {
    if (!(await getSensor(who.tenantId, body.source.sensorId))) throw new Unprocessable(`Sensor ${body.source.sensorId} does not exist`, 'UNKNOWN_SENSOR');
    source = body.source;
  } else if (body.source.type === 'document') {
    await checkDocumentSource(who, body.source.documentId);
    source = body.source;
  } else {
    const { content, ...csvSource } = body.source;
    source = csvSource;
    try {
      ({ series, input } = parseCsvSource(content, csvSource));
    } catch (error) {
      if (!(error instanceof ForecastError)) throw error;
      throw new Unprocessable(`The CSV cannot be read: ${error.message}`, error.code === 'NO_VALID_ROWS' ? 'NO_VALID_ROWS' : 'INVALID_CSV');
    }
  }
  const now = new Date().toISOString();
  const options = { family: body.family, ...(body.horizon !== undefined ? { horizon: body.horizon } : {}), ...(body.period !== undefined ? { period: body.period } : {}) };
  const job = newForecastJob({ id: ulid(), source, options, ...(input ? { input } : {}), principal: who, now });
  await createForecastJob(who.tenantId, job, series);
  try {
    await enqueueForecastJob({ tenantId: who.tenantId, jobId: job.id });
  } catch (error) {
    const reason = { code: 'QUEUE_UNAVAILABLE', message: 'the forecast could not be queued; ask again' };
    const at = new Date().toISOString();
    await completeForecastJob(who.tenantId, job.id, { status: 'failed', reason }, completionEvent(ulid(), who.tenantId, { ...job, status: 'failed', reason }, at), at).catch((e: unknown) =>
      logger.error('A forecast job that could not be queued could not be marked failed either', { jobId: job.id, error: e as Error }),
    );
    throw error;
  }
  return { status: 202, body: { id: job.id, status: 'queued' }, headers: { Location: `/v1/forecasts/${job.id}` }, audit: { resourceId: job.id } };
}

export const handler = httpRoute(findRoute(forecastsRoutes, 'createForecast'), createForecast);
