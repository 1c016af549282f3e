import { ulid } from 'ulid';
import { getDocument } from '#adapters/dynamodb/documents-repository';
import { setTimeout as sleep } from 'node:timers/promises';
import { completeForecastJob, createForecastJob, getForecastJob } from '#adapters/dynamodb/forecast-jobs-repository';
import { getSensor } from '#adapters/dynamodb/sensors-repository';
import { enqueueForecastJob } from '#adapters/sqs/forecast-jobs';
import { refuseDocumentSource, refuseSensorForecast, refuseUnknownForecastSensor, refuseUnreadableCsv } from '#application/refusals';
import {
  canForecastSource,
  completionEvent,
  documentSourceProblem,
  isFinal,
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
import { getZone } from '#application/zones/get-zone';
import { csvSeriesResult, runJob } from './job-run';

/** Options of {@link createForecast}. */
export interface CreateForecastOptions {
  /** Seconds the caller is ready to wait for the result (`Prefer: wait`, already bounded by the route). @default 0 */
  readonly waitSeconds?: number;
}

/** Pauses between reads of a job being waited for: short first (a small job ends within a second), then at most 1 s. */
const POLL_MS = [100, 200, 300, 500, 700, 1000] as const;

/**
 * Asks for a forecast. Steps:
 *   1. a machine client forecasting a sensor or a zone must also read telemetry (403);
 *   2. the source: a sensor must exist in the tenant (422 UNKNOWN_SENSOR), a zone be the
 *      caller's to see (404 otherwise); an inline or uploaded CSV is parsed now (a CSV
 *      with no readable series is 422 at once) and only its series is kept; a document must be the caller's to see (404 otherwise, as for any other
 *      tenant's or client's), `available` (409 DOCUMENT_NOT_AVAILABLE while pending or
 *      once rejected) and a CSV (400 DOCUMENT_NOT_CSV): the worker reads it, streaming,
 *      when the job runs;
 *   3. the job is stored `queued`;
 *   4. with a wait (`Prefer: wait=N`) and a series in hand (an inline CSV or an uploaded
 *      file, at most 10 000 periods: the engine takes at most ~150 ms on one core for
 *      that), the job is run here, with the worker's own steps (`job-run.ts`), and
 *      returned ended; if that run fails unexpectedly, the job goes to the worker;
 *   5. otherwise the message is sent; if the send fails, the job is ended `failed`
 *      (QUEUE_UNAVAILABLE, with its completion event) so no queued job is orphaned, and
 *      the call fails; with a wait, the job is read again until it has ended or the wait
 *      is over (sensor and document sources: reading them needs the worker's grants).
 * Returns the job: ended when it ended within the wait, else queued or running.
 */
export async function createForecast(who: Principal, request: CreateForecastBody, { waitSeconds = 0 }: CreateForecastOptions = {}): Promise<ForecastJob> {
  const deadline = Date.now() + waitSeconds * 1000;
  if (!canForecastSource(who, request.source)) refuseSensorForecast();
  const { source, series, input } = await forecastSource(who, request.source);
  const now = new Date().toISOString();
  const options = { family: request.family, ...(request.horizon !== undefined ? { horizon: request.horizon } : {}), ...(request.period !== undefined ? { period: request.period } : {}) };
  const job = newForecastJob({ id: ulid(), source, options, ...(input ? { input } : {}), principal: who, now });
  await createForecastJob(who.tenantId, job, series);
  if (series && waitSeconds > 0) {
    const ended = await runHere(who.tenantId, job, series);
    if (ended) return ended;
  }
  try {
    await enqueueForecastJob({ tenantId: who.tenantId, jobId: job.id });
  } catch (error) {
    await failUnqueuedJob(who.tenantId, job);
    throw error;
  }
  return waitSeconds > 0 ? waitForEnd(who.tenantId, job, deadline) : job;
}

/** Step 4: the job run in this request; undefined when the run failed otherwise than the engine (the worker then runs it). */
async function runHere(tenantId: string, job: ForecastJob, series: StoredSeries): Promise<ForecastJob | undefined> {
  try {
    // The series in hand is the one just stored with the job: no need to read it back.
    await runJob({ tenantId, jobId: job.id }, false, async (_tenantId, started) => csvSeriesResult(series, started));
  } catch (error) {
    logger.warn('A forecast run in its request failed: the worker runs it', { jobId: job.id, error: error as Error });
    return undefined;
  }
  const ended = await getForecastJob(tenantId, job.id);
  return ended && isFinal(ended.status) ? ended : undefined;
}

/** Step 5's wait: the job as last read, ended or not, once it has ended or `deadline` has passed. */
async function waitForEnd(tenantId: string, job: ForecastJob, deadline: number): Promise<ForecastJob> {
  let latest = job;
  for (let i = 0; Date.now() < deadline; i++) {
    await sleep(Math.min(POLL_MS[Math.min(i, POLL_MS.length - 1)]!, Math.max(0, deadline - Date.now())));
    latest = (await getForecastJob(tenantId, job.id)) ?? latest;
    if (isFinal(latest.status)) break;
  }
  return latest;
}

/** Step 2: the source as stored, and an inline CSV's series and input report. */
async function forecastSource(who: Principal, source: CreateForecastBody['source']): Promise<{ source: StoredSource; series?: StoredSeries; input?: CsvInputReport }> {
  if (source.type === 'sensor') {
    if (!(await getSensor(who.tenantId, source.sensorId))) refuseUnknownForecastSensor(source.sensorId);
    return { source };
  }
  if (source.type === 'zone') {
    await getZone(who, source.zoneId);
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
