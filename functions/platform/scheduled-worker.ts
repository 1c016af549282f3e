/**
 * `scheduledWorker(name, fn)`: the one way to make a handler for an EventBridge
 * schedule, with the same logging, tracing and metrics as the routes. A failure is
 * thrown so EventBridge retries and the error alarm fires: never swallowed.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { publishMetrics } from '#platform/publish-metrics';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { logger, metrics, tracer } from './observability';

/** What a run did, logged and counted (`<name>Processed`). */
export interface WorkerOutcome {
  readonly processed: number;
  readonly details?: Record<string, unknown>;
}

export function scheduledWorker(
  name: string,
  fn: (event: ScheduledEvent, now: Date) => Promise<WorkerOutcome>,
): middy.MiddyfiedHandler<ScheduledEvent, WorkerOutcome, Error, Context> {
  return middy<ScheduledEvent, WorkerOutcome>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(captureLambdaHandler(tracer))
    .use(publishMetrics(metrics))
    .handler(async (event) => {
      const outcome = await fn(event, new Date(event.time ?? Date.now()));
      metrics.addMetric(`${name}Processed`, MetricUnit.Count, outcome.processed);
      logger.info(`${name} done`, { ...outcome });
      return outcome;
    });
}
