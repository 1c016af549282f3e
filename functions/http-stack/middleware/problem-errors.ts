/**
 * The one place errors become HTTP: typed `AppError`s map to RFC 9457 problem
 * documents with their stable code; anything else is logged and answered with a
 * generic 500 that reveals nothing.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { RouteDecl } from '#lib/model/types';
import { AppError } from '#platform/errors';
import { logger } from '#platform/observability';

import { PROBLEM_TYPE_BASE as TYPE_BASE } from '#lib/model/gateway-responses';

export function problemBody(status: number, code: string, title: string, detail: string | undefined, extras: Record<string, unknown>) {
  return {
    type: `${TYPE_BASE}${code.toLowerCase().replace(/_/g, '-')}`,
    title,
    status,
    ...(detail ? { detail } : {}),
    code,
    ...extras,
  };
}

export function problemErrors(route: RouteDecl): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return {
    onError: (request) => {
      const error = request.error;
      const requestId = request.event.requestContext?.requestId ?? request.context.awsRequestId;
      // The request's own path (RFC 9457: this occurrence), not the route's template; API Gateway's
      // `path` has no query string, and a batch operation's event carries the operation's path.
      const instance = request.event.path || route.path;
      let status = 500;
      let body: Record<string, unknown>;
      let headers: Record<string, string> = {};
      if (error instanceof AppError) {
        status = error.status;
        headers = { ...error.headers };
        body = problemBody(status, error.code, error.title, error.message || undefined, { ...error.extensions, instance, requestId });
        if (status >= 500) logger.error('Request failed', { code: error.code, error });
        else logger.info('Request refused', { status, code: error.code });
      } else {
        logger.error('Unexpected error', { error: error as Error });
        body = problemBody(500, 'INTERNAL_ERROR', 'Internal error', 'Something went wrong on our side; quote the requestId if it persists', {
          instance,
          requestId,
        });
      }
      request.response = {
        statusCode: status,
        headers: { ...headers, 'Content-Type': 'application/problem+json' },
        body: JSON.stringify(body),
      };
    },
  };
}
