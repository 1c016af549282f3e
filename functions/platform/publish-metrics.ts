/**
 * Publishes the invocation's metrics as one EMF line, and says nothing when there are
 * none. Powertools' `logMetrics` warns "No application metrics to publish" on every
 * invocation that added no metric (a worker batch with nothing to count, a schedule
 * that found nothing), which buried the lines people read in `npm start`. Here a
 * function with no metrics prints nothing; one with metrics prints the same EMF line.
 */
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';

/** Flushes `metrics`: publishes when any were added, otherwise only resets dimensions and metadata. */
export function flushMetrics(metrics: Metrics): void {
  if (metrics.hasStoredMetrics()) {
    metrics.publishStoredMetrics();
    return;
  }
  metrics.clearDimensions();
  metrics.clearMetadata();
}

export function publishMetrics<E = unknown, R = unknown>(metrics: Metrics): MiddlewareObj<E, R> {
  const flush = () => flushMetrics(metrics);
  return { after: flush, onError: flush };
}

