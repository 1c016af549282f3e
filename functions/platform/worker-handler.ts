/**
 * `workerHandler(fn)`: the one middleware order of every Lambda that is not a route
 * (SQS consumers, schedules, the outbox stream, the IoT rule's function), as
 * `httpRoute` is for routes: the logger gets the invocation's context (keys reset
 * between invocations, the X-Ray trace id of Lambda's active tracing in every line),
 * and metrics are published once at the end (or not at all when none were added).
 * `sqsWorker` and `scheduledWorker` are built on it; a worker of another event source
 * uses it directly.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { publishMetrics } from './publish-metrics';
import { logger, metrics } from './observability';

export type WorkerHandler<E, R> = middy.MiddyfiedHandler<E, R, Error, Context>;

export function workerHandler<E, R>(fn: (event: E, context: Context) => Promise<R>): WorkerHandler<E, R> {
  return middy<E, R>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(publishMetrics(metrics))
    .handler(fn);
}
