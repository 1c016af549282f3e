/**
 * Forecasts (issue 5): asked over HTTP, run by the forecast worker from `forecast-jobs`.
 *
 * Who: admins and managers ask; technicians read too. Client users do not see forecasts
 * (a forecast reveals its source's history, and CSV sources belong to no client).
 * Machine clients ask and read with `forecasts.write`; for a sensor source they also need
 * `telemetry.read` (checked by the handlers: the forecast would reveal the readings).
 */
import { DOCUMENTS_PREFIX } from '#domain/documents';
import { MULTIPART_MEDIA_TYPE, type FunctionSpec, type QueueDecl, type RouteDecl } from '../types';
import { IdParams, pageOf } from '../schemas/common';
import {
  CreateForecastBody,
  createForecastExample,
  CreateForecastForm,
  createForecastFormExample,
  forecastBodyOfForm,
  MAX_CSV_UPLOAD_BYTES,
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

/** Timeout of `createForecast`: parsing an upload of up to 4 MiB takes about a second at 512 MB, and a wait adds its own. */
const CREATE_TIMEOUT_SECONDS = 15;
/**
 * The longest `Prefer: wait` honoured (RFC 7240 §4.3; a longer one is cut to it): the
 * route's timeout less 5 s for what comes before the wait (reading the body, storing the
 * job) and after it (the last read of the job, the answer).
 */
export const MAX_FORECAST_WAIT_SECONDS = CREATE_TIMEOUT_SECONDS - 5;

export const forecastsRoutes: readonly RouteDecl[] = [
  {
    ...common,
    operationId: 'createForecast',
    method: 'POST',
    path: '/v1/forecasts',
    summary:
      'Ask for a forecast of a sensor, of a CSV given inline or uploaded (multipart/form-data, a `file` part), or of a CSV document. Runs asynchronously (202: poll the Location); ' +
      `with \`Prefer: wait=N\` (N at most ${MAX_FORECAST_WAIT_SECONDS}) the answer is 200 with the ended job when it ends within N seconds (an inline or uploaded CSV is computed in the request), else 202`,
    handler: 'http/forecasts/create',
    auth: authenticated(STAFF_WRITERS, SCOPES),
    request: {
      body: CreateForecastBody,
      bodyExample: createForecastExample,
      mediaTypes: ['application/json', MULTIPART_MEDIA_TYPE],
      multipart: { schema: CreateForecastForm, example: createForecastFormExample, maxBytes: MAX_CSV_UPLOAD_BYTES, toBody: forecastBodyOfForm },
      headers: ['Prefer'],
    },
    responses: {
      200: {
        description: 'Ended within the wait `Prefer` asked for (succeeded or failed)',
        schema: ForecastJobSchema,
        example: forecastJobExample,
        headers: ['ETag', 'Location', 'Preference-Applied', 'Vary'],
        onPreference: 'wait',
      },
      202: { description: 'Queued or running', schema: ForecastAccepted, example: { id: forecastSummaryExample.id, status: 'queued' }, headers: ['Location', 'Preference-Applied', 'Vary'] },
    },
    // A document source names a document that does not exist, or is another tenant's or client's.
    errorStatuses: [404],
    // Parsing a CSV of up to 4 MiB takes memory and up to a second; an inline CSV with a wait is forecast here too.
    fn: { memoryMb: 512, timeoutSeconds: CREATE_TIMEOUT_SECONDS, access: { table: 'readWrite', sendsTo: ['forecast-jobs'] } },
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
