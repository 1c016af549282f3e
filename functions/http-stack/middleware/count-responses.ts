/**
 * Counts answers by status class (`Responses2xx`, `Responses4xx`, `Responses5xx`)
 * per function, so each function's error rate can be alarmed on without parsing logs.
 */
import type { MiddlewareObj } from '@middy/core';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';

export function countResponses(metrics: Metrics): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const count = (request: { response: APIGatewayProxyResult | null | undefined }) => {
    const status = request.response?.statusCode ?? 500;
    metrics.addMetric(`Responses${Math.floor(status / 100)}xx`, MetricUnit.Count, 1);
  };
  return { after: count, onError: count };
}
