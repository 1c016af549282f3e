/**
 * The forecast worker: consumes `forecast-jobs` (batch size 1, timeout 240 s below the
 * 300 s visibility timeout) and runs the job each message names (`runForecastJob`). A
 * message that is not a job message, names no job, or fails otherwise than with a
 * `ForecastError` fails its record: retried, and on the last receive
 * ({@link FORECAST_JOBS_QUEUE}.maxReceiveCount) the job is ended `failed` before the
 * message goes to the DLQ.
 */
import { runForecastJob } from '#application/forecasts/run-forecast-job';
import { ForecastJobMessage } from '#domain/forecast-jobs';
import { FORECAST_JOBS_QUEUE } from '#lib/model/routes/forecasts';
import { sqsWorker } from '#platform/sqs-worker';

export const handler = sqsWorker(ForecastJobMessage, (message, record) =>
  runForecastJob(message, Number(record.attributes.ApproximateReceiveCount ?? '1') >= FORECAST_JOBS_QUEUE.maxReceiveCount),
);
