/**
 * The middleware that turns a REST proxy event into an `HttpRequest` (headers
 * normalised, JSON parsed, params/query/body validated with the route's zod
 * schemas, principal built and authorised) and the handler's `HttpResult` into a
 * proxy result (JSON, ETag, 304).
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { z } from 'zod';
import type { RouteDecl } from '#lib/model/types';
import { MalformedJson, PayloadTooLarge, UnsupportedMediaType, ValidationFailed, type FieldError } from '../errors';
import { notModified } from '../etag';
import type { HttpRequest, HttpResult } from '../http-types';
import { authorize, principalFromClaims } from '../principal';

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The validated request of each event in flight. Keyed by the event object, not
 * kept in a module variable, because the local runtime serves concurrent requests
 * with one module instance.
 */
export const requestsInFlight = new WeakMap<APIGatewayProxyEvent, HttpRequest<unknown, unknown, unknown>>();

function lowerCaseHeaders(event: APIGatewayProxyEvent): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined && value !== null) out[name.toLowerCase()] = value;
  }
  return out;
}

/** Query strings keep their last value for repeated keys, as API Gateway's single-value map does. */
function queryOf(event: APIGatewayProxyEvent): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) {
    if (value !== undefined && value !== null) out[name] = value;
  }
  return out;
}

function fieldErrors(where: string, error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

function validate(where: string, schema: z.ZodType | undefined, value: unknown): unknown {
  if (!schema) return value;
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationFailed(`Invalid ${where}`, fieldErrors(where, result.error));
  return result.data;
}

function parseBody(event: APIGatewayProxyEvent, headers: Record<string, string>, route: RouteDecl): unknown {
  const raw = event.body;
  if (raw === null || raw === undefined || raw === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) throw new PayloadTooLarge('The body exceeds 1 MiB');
  if (!route.request?.body) return undefined;
  const contentType = headers['content-type'] ?? '';
  if (!/^application\/([\w.+-]*\+)?json\b/i.test(contentType)) {
    throw new UnsupportedMediaType('Send JSON with Content-Type: application/json');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new MalformedJson();
  }
}

export function requestContext(
  route: RouteDecl,
  options: { defaultTenantId?: string },
): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  return {
    before: (request) => {
      const event = request.event;
      const headers = lowerCaseHeaders(event);
      const requestId = event.requestContext?.requestId ?? request.context.awsRequestId;
      // Authentication and authorisation come before validation: an anonymous caller learns nothing about the schema.
      const claims = event.requestContext?.authorizer?.claims as Record<string, unknown> | undefined;
      const principal = route.auth.kind === 'public' ? undefined : principalFromClaims(claims, options.defaultTenantId);
      authorize(route.auth, principal);
      const body = parseBody(event, headers, route);
      if (route.request?.body && body === undefined) {
        throw new ValidationFailed('A JSON body is required', [{ path: 'body', message: 'required' }]);
      }
      requestsInFlight.set(event, {
        params: validate('params', route.request?.params, event.pathParameters ?? {}),
        query: validate('query', route.request?.query, queryOf(event)),
        body: validate('body', route.request?.body, body),
        headers,
        principal,
        requestId,
        route,
        sourceIp: event.requestContext?.identity?.sourceIp ?? undefined,
      });
    },
  };
}

/** Serialises a handler's result; a GET whose ETag matches If-None-Match becomes 304. */
export function toProxyResult(result: HttpResult, request: HttpRequest<unknown, unknown, unknown>): APIGatewayProxyResult {
  const headers: Record<string, string> = { ...result.headers };
  if (result.etag) headers.ETag = result.etag;
  if (result.etag && request.route.method === 'GET' && notModified(request.headers['if-none-match'], result.etag)) {
    return { statusCode: 304, headers, body: '' };
  }
  if (result.body === undefined) return { statusCode: result.status, headers, body: '' };
  headers['Content-Type'] = 'application/json';
  return { statusCode: result.status, headers, body: JSON.stringify(result.body) };
}
