/**
 * `scheduledWorker(name, fn)`: the one way to make a handler for an EventBridge
 * schedule, with the same logging, tracing and metrics as the routes (`workerHandler`).
 * A failure is thrown so EventBridge retries and the error alarm fires: never swallowed.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ScheduledEvent } from 'aws-lambda';
import { logger, metrics } from './observability';
import { workerHandler, type WorkerHandler } from './worker-handler';

/** What a run did, logged and counted (`<name>Processed`). */
export interface WorkerOutcome<D = Record<string, unknown>> {
  readonly processed: number;
  readonly details?: D;
}

export function scheduledWorker<D = Record<string, unknown>>(
  name: string,
  fn: (event: ScheduledEvent, now: Date) => Promise<WorkerOutcome<D>>,
): WorkerHandler<ScheduledEvent, WorkerOutcome<D>> {
  return workerHandler<ScheduledEvent, WorkerOutcome<D>>(async (event) => {
    const outcome = await fn(event, new Date(event.time ?? Date.now()));
    metrics.addMetric(`${name}Processed`, MetricUnit.Count, outcome.processed);
    logger.info(`${name} done`, { ...outcome });
    return outcome;
  });
}
