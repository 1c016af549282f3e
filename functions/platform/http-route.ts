/**
 * `httpRoute(route, fn)`: the one way to make an HTTP Lambda handler. It wires the
 * middleware stack in a fixed order, so every route gets the same logging,
 * tracing, metrics, validation, authorisation, response shaping and errors.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { RouteDecl } from '#lib/model/types';
import { platformEnv, readEnv } from './config';
import type { HttpRequest, HttpResult } from './http-types';
import { countResponses } from './middleware/count-responses';
import { problemErrors } from './middleware/problem-errors';
import { requestContext, toProxyResult } from './middleware/request-context';
import { stateOf } from './request-state';
import { responseHeaders } from './middleware/response-headers';
import { logger, metrics, tracer } from './observability';

export type { HttpRequest, HttpResult } from './http-types';

export type RouteFunction<P, Q, B> = (request: HttpRequest<P, Q, B>) => Promise<HttpResult>;

const env = readEnv(platformEnv);

/**
 * Wraps a route function. Type parameters describe the validated params, query
 * and body; the schemas themselves come from the route's declaration in the model.
 */
export function httpRoute<P = Record<string, string>, Q = Record<string, unknown>, B = undefined>(
  route: RouteDecl,
  fn: RouteFunction<P, Q, B>,
): middy.MiddyfiedHandler<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context> {
  return middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(captureLambdaHandler(tracer))
    .use(logMetrics(metrics))
    .use(countResponses(metrics))
    .use(responseHeaders(env.CORS_ALLOWED_ORIGINS))
    .use(problemErrors(route))
    .use(requestContext(route, { defaultTenantId: env.DEFAULT_TENANT_ID }))
    .handler(async (event) => {
      const state = stateOf(event);
      if (state.replay) return state.replay;
      const request = state.request as HttpRequest<P, Q, B>;
      logger.appendKeys({ route: route.operationId, requestId: request.requestId });
      const result = await fn(request);
      if (result.audit) state.audit = result.audit;
      return toProxyResult(result, state.request as HttpRequest<unknown, unknown, unknown>, state);
    });
}
