/**
 * `websocketRoute(fn)` and `websocketAuthorizer(fn)`: the one way to make the handlers of the
 * WebSocket API (API Gateway's WebSocket events, in the cloud and from the local WebSocket
 * emulator alike), with the same logging and metrics as every worker (`workerHandler`).
 * A route answers `{statusCode}`: 200 when `fn` returns, the status of a typed error it
 * throws (403 refuses a `$connect`), 500 for anything else (logged, never told).
 */
import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { AppError } from './errors';
import { logger } from './observability';
import { workerHandler, type WorkerHandler } from './worker-handler';

/** The part of API Gateway's WebSocket route event the handlers read. */
export interface WebSocketRouteEvent {
  readonly requestContext: {
    readonly connectionId: string;
    readonly routeKey: string;
    /** The `$connect` authorizer's context (and `principalId`), on every route of the connection. */
    readonly authorizer?: Readonly<Record<string, unknown>> | null;
  };
  readonly body?: string | null;
  readonly isBase64Encoded?: boolean;
}

/** API Gateway's REQUEST authorizer event for a WebSocket `$connect`. */
export interface WebSocketAuthorizerEvent {
  readonly type: 'REQUEST';
  readonly methodArn: string;
  readonly queryStringParameters?: Readonly<Record<string, string | undefined>> | null;
}

export function websocketRoute(fn: (event: WebSocketRouteEvent) => Promise<void>): WorkerHandler<WebSocketRouteEvent, { statusCode: number }> {
  return workerHandler<WebSocketRouteEvent, { statusCode: number }>(async (event) => {
    try {
      await fn(event);
      return { statusCode: 200 };
    } catch (error) {
      if (error instanceof AppError) {
        logger.info('WebSocket route refused', { routeKey: event.requestContext.routeKey, code: error.code });
        return { statusCode: error.status };
      }
      logger.error('WebSocket route failed', { routeKey: event.requestContext.routeKey, error });
      return { statusCode: 500 };
    }
  });
}

/**
 * A REQUEST authorizer: `fn` returns the context of an allowed connection, or undefined to
 * refuse it (API Gateway answers the upgrade with 401, as for `Unauthorized`).
 */
export function websocketAuthorizer(
  fn: (event: WebSocketAuthorizerEvent) => Promise<{ principalId: string; context: Record<string, string | number> } | undefined>,
): WorkerHandler<WebSocketAuthorizerEvent, APIGatewayAuthorizerResult> {
  return workerHandler<WebSocketAuthorizerEvent, APIGatewayAuthorizerResult>(async (event) => {
    const allowed = await fn(event);
    if (!allowed) throw new Error('Unauthorized');
    return {
      principalId: allowed.principalId,
      policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: event.methodArn }] },
      context: allowed.context,
    };
  });
}
