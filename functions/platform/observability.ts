/**
 * Powertools logger and metrics: created once per execution environment and shared by
 * every module of a function. Service name and namespace come from the standard
 * POWERTOOLS_* variables.
 *
 * No Powertools Tracer (and so no X-Ray SDK, with its `semver` and `cls-hooked`: about
 * 115 KB and a fifth of a route's init CPU, `npm run bench:cold`). Every function runs
 * with Lambda's active tracing (`HydrantFunction`), which records the invocation's
 * segment (init, invocation, overhead) without any SDK in the bundle, and API Gateway
 * traces the request before it; the logger writes the segment's `xray_trace_id` in
 * every line. What goes is a subsegment per AWS SDK call; add one back by hand where a
 * slow call needs finding, not in every function's cold start.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'hydrant' });
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Hydrant',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'hydrant',
});
