/**
 * The middleware that turns a REST proxy event into an `HttpRequest` (headers
 * normalised, caller authenticated and authorised, `?fields=` parsed, JSON parsed,
 * params/query/body validated with the route's zod schemas), and the function that
 * turns the handler's `HttpResult` into a proxy result (JSON, sparse fields, ETag, 304).
 */
import { createHash } from 'node:crypto';
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { z } from 'zod';
import type { RouteDecl } from '#lib/model/types';
import { ValidationFailed, type FieldError } from '#platform/errors';
import { notModified } from '../etag';
import type { HttpRequest, HttpResult } from '../http-types';
import { authorize, claimList, principalFromClaims } from '../principal';
import { readBody } from '../request-body';
import { stateOf, type RequestState } from '../request-state';
import { selectableFields } from '#lib/model/field-paths';
import { parseFields, project, withoutHiddenFields } from '../sparse-fields';

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

export function validate(where: string, schema: z.ZodType | undefined, value: unknown): unknown {
  if (!schema) return value;
  const result = schema.safeParse(value);
  if (!result.success) throw new ValidationFailed(`Invalid ${where}`, fieldErrors(where, result.error));
  return result.data;
}

export function requestContext(route: RouteDecl, options: { defaultTenantId?: string }): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  // Read from the route's response schema on the first request, not at cold start: the
  // model's schemas are built on first use (`lib/model/lazy-schema.ts`).
  let selectableOnce: readonly string[] | undefined;
  const selectable = () => (selectableOnce ??= selectableFields(route));
  return {
    before: async (request) => {
      const event = request.event;
      const headers = lowerCaseHeaders(event);
      const requestId = event.requestContext?.requestId ?? request.context.awsRequestId;
      // Authentication and authorisation come before validation: an anonymous caller learns nothing about the schema.
      const claims = event.requestContext?.authorizer?.claims as Record<string, unknown> | undefined;
      const principal = route.auth.kind === 'public' ? undefined : principalFromClaims(claims, options.defaultTenantId);
      authorize(route.auth, principal, claimList(claims?.scope));
      const state = stateOf(event);
      const { fields, ...query } = queryOf(event);
      // A field hidden from the caller's role is not selectable: 400, as an unknown one.
      if (selectable().length) state.fields = parseFields(fields, principal?.role ? selectableFields(route, principal.role) : selectable());
      else if (fields !== undefined) query.fields = fields;
      const body = await readBody(event, headers['content-type'], route);
      if (route.request?.body && body === undefined) {
        throw new ValidationFailed('A JSON body is required', [{ path: 'body', message: 'required' }]);
      }
      state.request = {
        params: validate('params', route.request?.params, event.pathParameters ?? {}),
        query: validate('query', route.request?.query, query),
        body: validate('body', route.request?.body, body),
        headers,
        principal,
        requestId,
        route,
        sourceIp: event.requestContext?.identity?.sourceIp ?? undefined,
        apiKeyId: event.requestContext?.identity?.apiKeyId ?? undefined,
        event,
      };
    },
  };
}

/** A weak ETag of a representation that has no version (lists). */
const contentTag = (json: string) => `W/"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`;

/**
 * Serialises a handler's result: sparse fields applied, an ETag (the version's, or a
 * hash of the body for lists), and 304 for a GET whose ETag matches If-None-Match.
 */
export function toProxyResult(result: HttpResult, request: HttpRequest<unknown, unknown, unknown>, state: RequestState): APIGatewayProxyResult {
  const headers: Record<string, string> = { ...result.headers };
  if (result.rawBody) {
    // Not JSON: no sparse fields; the ETag is the handler's (or a hash of the text) and 304 works the same.
    const etag = result.etag ?? (request.route.method === 'GET' && result.status === 200 ? contentTag(result.rawBody.text) : undefined);
    if (etag) headers.ETag = etag;
    if (etag && request.route.method === 'GET' && notModified(request.headers['if-none-match'], etag)) return { statusCode: 304, headers, body: '' };
    return { statusCode: result.status, headers: { ...headers, 'Content-Type': result.rawBody.contentType }, body: result.rawBody.text };
  }
  let body = withoutHiddenFields(request.route, result.status, request.principal?.role, result.body);
  if (state.fields && body && typeof body === 'object') {
    const page = body as { data?: unknown[] };
    body = Array.isArray(page.data) ? { ...page, data: page.data.map((item) => project(item, state.fields as string[])) } : project(body, state.fields);
  }
  const json = body === undefined ? undefined : JSON.stringify(body);
  const isRead = request.route.method === 'GET';
  const etag = result.etag ?? (isRead && result.status === 200 && json !== undefined ? contentTag(json) : undefined);
  if (etag) headers.ETag = etag;
  if (etag && isRead && notModified(request.headers['if-none-match'], etag)) return { statusCode: 304, headers, body: '' };
  if (json === undefined) return { statusCode: result.status, headers, body: '' };
  headers['Content-Type'] = 'application/json';
  return { statusCode: result.status, headers, body: json };
}
