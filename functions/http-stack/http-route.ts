/**
 * `httpRouteWith(ports)` makes `httpRoute(route, fn)`, the one way to make an HTTP
 * Lambda handler, over the stores the stack needs (`ports.ts`; bound to DynamoDB in
 * `functions/wiring/http-route.ts`, where route handlers take it from). It wires the
 * middleware stack in a fixed order, so every route gets the same logging
 * (with the X-Ray trace id of Lambda's active tracing), metrics, limits, validation, authorisation, idempotency, audit, response
 * shaping and errors, and the same retry on a fresh read when a versioned write
 * lost a race (`fresh-read.ts`).
 *
 * Order matters twice: `before` steps run top to bottom (usage limits, then the
 * request context with authorisation and validation, then the idempotency check);
 * `after`/`onError` steps run bottom to top, so the error mapper makes the answer
 * first and the idempotency save, audit, rate-limit headers and response headers
 * all see the final answer.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { publishMetrics } from '#platform/publish-metrics';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { RouteDecl } from '#lib/model/types';
import { platformEnv, readEnv } from '#platform/config';
import { onFreshRead } from './fresh-read';
import type { HttpRequest, HttpResult } from './http-types';
import { auditTrail } from './middleware/audit-trail';
import { countResponses } from './middleware/count-responses';
import type { HttpStackPorts } from './ports';
import { idempotencyCheck, idempotencySave } from './middleware/idempotency';
import { rateLimitHeaders, usageLimits, type UsageLimitOptions } from './middleware/usage-limits';
import { problemErrors } from './middleware/problem-errors';
import { requestContext, toProxyResult } from './middleware/request-context';
import { stateOf } from './request-state';
import { responseHeaders } from './middleware/response-headers';
import { logger, metrics } from '#platform/observability';

export type { HttpRequest, HttpResult } from './http-types';
export type { HttpStackPorts } from './ports';

export type RouteFunction<P, Q, B> = (request: HttpRequest<P, Q, B>) => Promise<HttpResult>;

const env = readEnv(platformEnv);

/** The type of `httpRoute`, as {@link httpRouteWith} makes it. */
export type HttpRouteFactory = <P = Record<string, string>, Q = Record<string, unknown>, B = undefined>(
  route: RouteDecl,
  fn: RouteFunction<P, Q, B>,
  options?: Pick<UsageLimitOptions, 'accountOf'>,
) => middy.MiddyfiedHandler<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>;

/**
 * Binds the stack to its stores. The `httpRoute` it returns wraps a route function;
 * type parameters describe the validated params, query and body; the schemas
 * themselves come from the route's declaration in the model. Login-like routes (a
 * limit with `account`) pass `accountOf`, the account a body names.
 */
export function httpRouteWith(ports: HttpStackPorts): HttpRouteFactory {
  return function httpRoute<P, Q, B>(route: RouteDecl, fn: RouteFunction<P, Q, B>, options: Pick<UsageLimitOptions, 'accountOf'> = {}) {
    return middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
      .use(injectLambdaContext(logger, { resetKeys: true }))
      .use(publishMetrics(metrics))
      .use(countResponses(metrics))
      .use(responseHeaders(route, env.CORS_ALLOWED_ORIGINS))
      .use(rateLimitHeaders(ports))
      .use(auditTrail(route, ports.audit))
      .use(idempotencySave(ports.idempotency))
      .use(problemErrors(route))
      .use(usageLimits(route, ports, options))
      .use(requestContext(route, { defaultTenantId: env.DEFAULT_TENANT_ID }))
      .use(idempotencyCheck(route, ports.idempotency))
      .handler(async (event) => {
        const state = stateOf(event);
        if (state.replay) return state.replay;
        const request = state.request as HttpRequest<P, Q, B>;
        logger.appendKeys({ route: route.operationId, requestId: request.requestId });
        const result = await onFreshRead(() => fn(request));
        if (result.audit) state.audit = result.audit;
        return toProxyResult(result, state.request as HttpRequest<unknown, unknown, unknown>, state);
      });
  };
}
