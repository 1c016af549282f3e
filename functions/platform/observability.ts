/**
 * Powertools logger, tracer and metrics: created once per execution environment and
 * shared by every module of a function. Service name and namespace come from the
 * standard POWERTOOLS_* variables.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'hydrant' });
export const tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'hydrant' });
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Hydrant',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'hydrant',
});
