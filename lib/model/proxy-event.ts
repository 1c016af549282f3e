/**
 * Builds the API Gateway REST proxy event (payload version 1.0) a Lambda proxy
 * integration receives. The local gateway builds each request's event with it, and
 * the batch route each operation's, so an operation reaches its handler exactly as a
 * direct call does: same shape, same authorizer context, same API key identity.
 */
import type { APIGatewayEventIdentity, APIGatewayProxyEvent } from 'aws-lambda';
import type { RouteDecl } from './types';

/** What was asked: the matched route and the request as sent. */
export interface ProxyRequest {
  readonly route: RouteDecl;
  /** Path (as sent, percent-encoded) and query. */
  readonly url: URL;
  readonly pathParameters: Readonly<Record<string, string>>;
  /** Header names as sent, in order; a repeated name keeps every value. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string | null;
  readonly isBase64Encoded: boolean;
}

/** Who asked, as the gateway's authorizer and API key check found it. */
export interface ProxyCaller {
  /** The Cognito authorizer's context (`{ claims }`), null on a public route. */
  readonly authorizer: APIGatewayProxyEvent['requestContext']['authorizer'];
  readonly identity: APIGatewayEventIdentity;
  readonly requestId: string;
  readonly stage: string;
  readonly protocol: string;
  readonly requestTimeEpoch: number;
  readonly accountId: string;
  readonly apiId: string;
}

export function proxyEvent(request: ProxyRequest, caller: ProxyCaller): APIGatewayProxyEvent {
  const { route, url } = request;
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  for (const [name, value] of request.headers) {
    headers[name] = value;
    (multiValueHeaders[name] ??= []).push(value);
  }
  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams) {
    query[name] = value;
    (multiQuery[name] ??= []).push(value);
  }
  const hasQuery = Object.keys(query).length > 0;
  return {
    resource: route.path,
    path: url.pathname,
    httpMethod: route.method,
    headers,
    multiValueHeaders,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    pathParameters: Object.keys(request.pathParameters).length ? { ...request.pathParameters } : null,
    stageVariables: null,
    body: request.body,
    isBase64Encoded: request.isBase64Encoded,
    requestContext: {
      accountId: caller.accountId,
      apiId: caller.apiId,
      authorizer: caller.authorizer,
      protocol: caller.protocol,
      httpMethod: route.method,
      identity: caller.identity,
      path: `/${caller.stage}${url.pathname}`,
      stage: caller.stage,
      requestId: caller.requestId,
      requestTimeEpoch: caller.requestTimeEpoch,
      resourceId: route.operationId,
      resourcePath: route.path,
    },
  };
}

/** The caller of a proxy event, to make events for the same caller (a batch's operations). */
export function callerOf(event: APIGatewayProxyEvent, requestId: string): ProxyCaller {
  const context = event.requestContext;
  return {
    authorizer: context.authorizer,
    identity: context.identity,
    requestId,
    stage: context.stage,
    protocol: context.protocol,
    requestTimeEpoch: context.requestTimeEpoch,
    accountId: context.accountId,
    apiId: context.apiId,
  };
}
