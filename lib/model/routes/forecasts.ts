/**
 * Forecasts (issue 5): asked over HTTP, run by the forecast worker from `forecast-jobs`.
 *
 * Who: admins and managers ask; technicians read too. Client users do not see forecasts
 * (a forecast reveals its source's history, and CSV sources belong to no client).
 * Machine clients ask and read with `forecasts.write`; for a sensor source they also need
 * `telemetry.read` (checked by the handlers: the forecast would reveal the readings).
 */
import { DOCUMENTS_PREFIX } from '#domain/documents';
import type { FunctionSpec, QueueDecl, RouteDecl } from '../types';
import { IdParams, pageOf } from '../schemas/common';
import {
  CreateForecastBody,
  createForecastExample,
  ForecastAccepted,
  ForecastJobSchema,
  forecastJobExample,
  ForecastSummary,
  forecastSummaryExample,
  ListForecastsQuery,
} from '../schemas/forecasts';
import { authenticated, STAFF_WRITERS } from './access';

const common = { tag: 'Forecasts', apiKey: true } as const;
const SCOPES = ['forecasts.write'];
const READERS = ['admin', 'manager', 'technician'] as const;
const READS_JOBS: FunctionSpec = { access: { table: 'read' } };

export const forecastsRoutes: readonly RouteDecl[] = [
  {
    ...common,
    operationId: 'createForecast',
    method: 'POST',
    path: '/v1/forecasts',
    summary: 'Ask for a forecast of a sensor, of a CSV given inline or of a CSV document (runs asynchronously: poll the Location)',
    handler: 'http/forecasts/create',
    auth: authenticated(STAFF_WRITERS, SCOPES),
    request: { body: CreateForecastBody, bodyExample: createForecastExample },
    responses: { 202: { description: 'Queued', schema: ForecastAccepted, example: { id: forecastSummaryExample.id, status: 'queued' }, headers: ['Location'] } },
    // A document source names a document that does not exist, or is another tenant's or client's.
    errorStatuses: [404],
    // Parsing an inline CSV of up to 1 MB takes memory and a few hundred milliseconds.
    fn: { memoryMb: 512, timeoutSeconds: 15, access: { table: 'readWrite', sendsTo: ['forecast-jobs'] } },
    idempotent: true,
  },
  {
    ...common,
    operationId: 'listForecasts',
    method: 'GET',
    path: '/v1/forecasts',
    summary: 'List forecasts, newest first (results not included)',
    handler: 'http/forecasts/list',
    auth: authenticated(READERS, SCOPES),
    request: { query: ListForecastsQuery },
    responses: { 200: { description: 'A page', schema: pageOf(ForecastSummary), example: { data: [forecastSummaryExample], nextCursor: null } } },
    fn: READS_JOBS,
  },
  {
    ...common,
    operationId: 'getForecast',
    method: 'GET',
    path: '/v1/forecasts/{id}',
    summary: 'A forecast job: its status and, once succeeded, its result',
    handler: 'http/forecasts/get',
    auth: authenticated(READERS, SCOPES),
    request: { params: IdParams, headers: ['If-None-Match'] },
    responses: { 200: { description: 'Found', schema: ForecastJobSchema, example: forecastJobExample, headers: ['ETag'] } },
    fn: READS_JOBS,
  },
  {
    ...common,
    operationId: 'getForecastChart',
    method: 'GET',
    path: '/v1/forecasts/{id}/chart.svg',
    summary: 'The chart of a succeeded forecast: history, forecast and its 80 % and 95 % intervals (404 until it has succeeded)',
    handler: 'http/forecasts/chart',
    auth: authenticated(READERS, SCOPES),
    request: { params: IdParams, headers: ['If-None-Match'] },
    responses: { 200: { description: 'An SVG document', contentType: 'image/svg+xml', headers: ['ETag'] } },
    fn: READS_JOBS,
  },
];

/**
 * The `forecast-jobs` queue and its worker. The worker's timeout (240 s) stays below the
 * visibility timeout (300 s); on the last of the 3 receives an unexpected error also marks
 * the job failed, so no job stays `running` while its message sits in the DLQ. It reads
 * the documents bucket under `documents/` only (CSV documents, streamed), and writes
 * nothing there.
 */
export const FORECAST_JOBS_QUEUE: QueueDecl = {
  name: 'forecast-jobs',
  visibilityTimeoutSeconds: 300,
  maxReceiveCount: 3,
  batchSize: 1,
  consumer: { handler: 'workers/forecast', fn: { timeoutSeconds: 240, memoryMb: 1024, access: { table: 'readWrite', telemetry: 'read', documentsBucket: 'read', documentsPrefixes: [DOCUMENTS_PREFIX] } } },
};
