/**
 * One run of a forecast job, shared by the forecast worker (`run-forecast-job.ts`, any
 * source) and by `POST /v1/forecasts` with `Prefer: wait` (an inline CSV's series, already
 * stored with the job, run in the request). Steps:
 *   1. mark the job running (conditional: a job already succeeded or failed is skipped, so
 *      a duplicate run changes nothing; a running job is run again); a job that does not
 *      exist throws {@link UnknownForecastJob};
 *   2. compute its result with the caller's `resultOf` (metric ForecastMilliseconds);
 *   3. end it `succeeded`, or `failed` with the reason of a `ForecastError` (the same input
 *      fails the same way), in one transaction with its `forecast.completed` outbox event.
 * Any other error is thrown for the caller to retry; with `lastReceive` the job is also
 * ended `failed` (INTERNAL_ERROR) first, so it never stays `running` for good.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { ulid } from 'ulid';
import { completeForecastJob, getForecastSeries, startForecastJob, type Completion } from '#adapters/dynamodb/forecast-jobs-repository';
import { completionEvent, csvRowsNote, failureOf, forecastStoredSeries, keptResult, type CsvInputReport, type ForecastJob, type ForecastJobMessage, type StoredSeries } from '#domain/forecast-jobs';
import { ForecastError, type ForecastResult } from '#domain/forecasting/index';
import { logger, metrics } from '#platform/observability';

/** A message naming a job that does not exist: reported, so it ends in the DLQ where an operator sees it. */
export class UnknownForecastJob extends Error {}

/** Computes a job's result; what became of a CSV's rows goes in `read.input` as soon as it is known. */
export type ResultOf = (tenantId: string, job: ForecastJob, read: { input?: CsvInputReport }) => Promise<ForecastResult>;

/** The result of a CSV job from its series (what became of the rows first in the explanations). */
export const csvSeriesResult = (series: StoredSeries, job: ForecastJob): ForecastResult =>
  keptResult(forecastStoredSeries(series, job.options), job.input ? [csvRowsNote(job.input)] : []);

/** The result of a job whose series was stored with it (an inline CSV, parsed when it was asked for). */
export const storedSeriesResult: ResultOf = async (tenantId, job) => {
  const series = await getForecastSeries(tenantId, job.id);
  if (!series) throw new Error(`forecast job ${job.id} has a CSV source but no stored series`);
  return csvSeriesResult(series, job);
};

async function finish(tenantId: string, job: ForecastJob, completion: Completion): Promise<void> {
  const now = new Date().toISOString();
  const event = completionEvent(ulid(), tenantId, { ...job, ...completion }, now);
  const done = await completeForecastJob(tenantId, job.id, completion, event, now);
  if (!done) logger.info('The forecast job had already ended: this run changes nothing', { jobId: job.id });
  else metrics.addMetric(completion.status === 'succeeded' ? 'ForecastsSucceeded' : 'ForecastsFailed', MetricUnit.Count, 1);
}

/** Runs the job `message` names with `resultOf`; throws to have it retried. */
export async function runJob({ tenantId, jobId }: ForecastJobMessage, lastReceive: boolean, resultOf: ResultOf): Promise<void> {
  logger.appendKeys({ jobId });
  const started = await startForecastJob(tenantId, jobId, new Date().toISOString());
  if (started.kind === 'missing') throw new UnknownForecastJob(`no forecast job ${jobId} in tenant ${tenantId}`);
  if (started.kind === 'final') {
    logger.info('Duplicate run of an ended forecast job: skipped', { status: started.job.status });
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
