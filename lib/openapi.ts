/**
 * Builds the OpenAPI 3.1 document from the app model: every route with its
 * parameters, bodies, examples, security and error responses. `npm run generate`
 * writes it to openapi.yaml; a test fails when the committed file is stale.
 */
import * as z from 'zod';
import { appModel } from './model/index';
import { Problem } from './model/schemas/common';
import { CSV_MEDIA_TYPE, DEFAULT_BODY_MEDIA_TYPES, FORM_MEDIA_TYPE, MULTIPART_MEDIA_TYPE, type RequestDecl, type RouteDecl } from './model/types';
import { selectableFields } from './model/field-paths';
import { webhookPayloads } from './model/webhook-payloads';

type Json = Record<string, unknown>;

const SCHEMA_REF = '#/components/schemas/';

/** Converts a zod schema, moving named sub-schemas to `components.schemas`. */
function toSchema(schema: z.ZodType, io: 'input' | 'output', components: Json): Json {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
  const defs = (json.$defs ?? {}) as Record<string, Json>;
  delete json.$defs;
  delete json.$schema;
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node && typeof node === 'object') {
      const out: Json = {};
      for (const [k, v] of Object.entries(node)) {
        if (k === 'id' && typeof v === 'string' && (node as Json).type !== undefined) continue;
        out[k] = k === '$ref' && typeof v === 'string' ? v.replace('#/$defs/', SCHEMA_REF) : rewrite(v);
      }
      return out;
    }
    return node;
  };
  for (const [name, def] of Object.entries(defs)) components[name] ??= rewrite(def);
  const id = (schema.meta() as { id?: string } | undefined)?.id;
  const body = rewrite(json) as Json;
  if (id) {
    components[id] ??= body;
    return { $ref: `${SCHEMA_REF}${id}` };
  }
  return body;
}

function errorStatuses(route: RouteDecl): number[] {
  const statuses = new Set<number>([500]);
  // `?fields=` naming an unknown field is a 400 too, on routes that take no other input.
  if (route.request?.params || route.request?.query || route.request?.body || selectableFields(route).length > 0) statuses.add(400);
  if (route.auth.kind === 'authenticated') [401, 403].forEach((s) => statuses.add(s));
  if (route.apiKey) [403, 429].forEach((s) => statuses.add(s));
  if (route.path.includes('{')) statuses.add(404);
  if (route.method !== 'GET') statuses.add(409);
  if (route.idempotent) statuses.add(422);
  if (route.method === 'PATCH' || route.method === 'DELETE' || route.request?.headers?.includes('If-Match')) statuses.add(412);
  if (route.request?.body) [413, 415].forEach((s) => statuses.add(s));
  if (['login', 'refreshTokens', 'respondToMfaChallenge'].includes(route.operationId)) statuses.add(401);
  route.errorStatuses?.forEach((s) => statuses.add(s));
  return [...statuses].sort();
}

/**
 * The stable problem codes a route may answer, by status: those of the platform (the gateway's
 * own answers, validation, authorisation, limits, idempotency, preconditions) as the route's
 * declaration makes them possible. Domain refusals answer under 409 or 422 with their own codes.
 */
export function problemCodes(route: RouteDecl): Record<string, string[]> {
  const codes: Record<string, string[]> = {};
  const add = (status: number, ...list: string[]) => (codes[String(status)] ??= []).push(...list.filter((c) => !codes[String(status)]?.includes(c)));
  const body = route.request?.body !== undefined;
  for (const status of errorStatuses(route)) {
    switch (status) {
      case 400:
        add(400, 'VALIDATION_FAILED');
        if (body) add(400, 'MALFORMED_JSON', 'BODY_TOO_DEEP');
        if (route.request?.query?.shape && 'cursor' in route.request.query.shape) add(400, 'INVALID_CURSOR');
        break;
      case 401:
        add(401, route.auth.kind === 'public' && route.path.startsWith('/v1/auth/') ? 'INVALID_CREDENTIALS' : 'UNAUTHORIZED');
        break;
      case 403:
        if (route.auth.kind === 'authenticated') add(403, 'FORBIDDEN', ...(route.auth.duringMfaSetup ? [] : ['MFA_REQUIRED']));
        if (route.apiKey) add(403, 'INVALID_API_KEY', 'API_KEY_DISABLED', 'API_KEY_EXPIRED', 'IP_NOT_ALLOWED');
        add(403, 'REQUEST_BLOCKED');
        break;
      case 404:
        add(404, 'NOT_FOUND');
        break;
      case 409:
        add(409, 'CONFLICT', ...(route.idempotent ? ['IDEMPOTENCY_IN_PROGRESS'] : []));
        break;
      case 412:
        add(412, 'PRECONDITION_FAILED');
        break;
      case 413:
        add(413, 'PAYLOAD_TOO_LARGE');
        break;
      case 415:
        add(415, 'UNSUPPORTED_MEDIA_TYPE');
        break;
      case 422:
        add(422, 'IDEMPOTENCY_KEY_REUSED');
        break;
      case 429:
        add(429, 'THROTTLED', 'QUOTA_EXCEEDED', ...(route.rateLimit ? ['RATE_LIMITED'] : []));
        break;
      case 500:
        add(500, 'INTERNAL_ERROR');
        break;
      default:
        add(status, 'CONFLICT');
    }
  }
  if (route.rateLimit && !codes['429']) add(429, 'RATE_LIMITED');
  return codes;
}

/** The operation's description: who may call it and the problem codes it may answer. */
function describe(route: RouteDecl, codes: Record<string, string[]>): string {
  const who =
    route.auth.kind === 'authenticated'
      ? `Roles: ${route.auth.roles.join(', ')}.${route.auth.scopes ? ` Machine scopes: ${route.auth.scopes.join(', ')}.` : ''}`
      : `Public: no token${route.apiKey ? '' : ', no API key'}.`;
  const errors = Object.entries(codes).map(([status, list]) => `${status} ${list.join(', ')}`).join('; ');
  return `${who}\n\nErrors (problem+json \`code\`): ${errors}.`;
}

function parameters(route: RouteDecl, components: Json): Json[] {
  const params: Json[] = [];
  const add = (where: 'path' | 'query', schema: z.ZodObject | undefined) => {
    if (!schema) return;
    const json = toSchema(schema, 'input', components) as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, prop] of Object.entries(json.properties ?? {})) {
      params.push({ name, in: where, required: where === 'path' || (json.required ?? []).includes(name), schema: prop });
    }
  };
  add('path', route.request?.params);
  add('query', route.request?.query);
  const selectable = selectableFields(route);
  if (selectable.length) {
    params.push({
      name: 'fields',
      in: 'query',
      required: false,
      description: `Sparse fieldset: a comma-separated list of ${selectable.join(', ')} (id is always included)`,
      schema: { type: 'string' },
      example: selectable.slice(0, 3).join(','),
    });
  }
  for (const header of route.request?.headers ?? []) params.push({ name: header, in: 'header', required: false, schema: { type: 'string' } });
  if (route.idempotent) {
    params.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'Makes a retry safe: the first answer (5xx included) is kept 24 hours and replayed for the same key and payload; another payload is 422, a request still running 409.',
      schema: { type: 'string', minLength: 1, maxLength: 255 },
      example: '8e03978e-40d5-43e8-bc93-6894a57f9324',
    });
  }
  return params;
}

/**
 * The request body under each media type the route declares: the same schema for each
 * (a form carries the object's fields), and under JSON also the bare array a
 * `bareArrayField` stands for.
 */
function requestContent(request: RequestDecl, body: z.ZodType, components: Json): Json {
  const schema = toSchema(body, 'input', components);
  const field = request.bareArrayField;
  const itemList = field && body instanceof z.ZodObject ? (body.shape as Record<string, z.ZodType>)[field] : undefined;
  const json = itemList ? { anyOf: [schema, toSchema(itemList, 'input', components)] } : schema;
  const example = request.bodyExample !== undefined ? { example: request.bodyExample } : {};
  const multipart = request.multipart;
  return Object.fromEntries(
    (request.mediaTypes ?? DEFAULT_BODY_MEDIA_TYPES).map((type) => {
      if (type === MULTIPART_MEDIA_TYPE && multipart) return [type, { schema: toSchema(multipart.schema, 'input', components), ...(multipart.example !== undefined ? { example: multipart.example } : {}) }];
      if (type === CSV_MEDIA_TYPE && request.textField) return [type, { schema: { type: 'string' }, ...(request.textExample !== undefined ? { example: request.textExample } : {}) }];
      return [type, { schema: type === FORM_MEDIA_TYPE ? schema : json, ...example }];
    }),
  );
}

function operation(route: RouteDecl, components: Json): Json {
  const responses: Json = {};
  for (const [status, r] of Object.entries(route.responses)) {
    responses[status] = {
      description: r.description,
      ...(r.headers ? { headers: Object.fromEntries(r.headers.map((h) => [h, { schema: { type: 'string' } }])) } : {}),
      // A body in another media type is a string, unless the route declares its schema (a JSON document sent as is).
      ...(r.contentType ? { content: { [r.contentType]: r.schema ? { schema: toSchema(r.schema, 'output', components), ...(r.example !== undefined ? { example: r.example } : {}) } : { schema: { type: 'string' } } } } : {}),
      ...(r.schema && !r.contentType ? { content: { 'application/json': { schema: toSchema(r.schema, 'output', components), ...(r.example !== undefined ? { example: r.example } : {}) } } } : {}),
    };
  }
  // Every read answers with an ETag, so every read can answer 304 to If-None-Match.
  if (route.method === 'GET') responses['304'] ??= { description: 'Not modified (If-None-Match matched the ETag)' };
  const codes = problemCodes(route);
  for (const status of errorStatuses(route)) responses[String(status)] ??= { $ref: '#/components/responses/Problem' };
  const security = route.auth.kind === 'authenticated' ? [{ apiKey: [], bearer: [] }] : route.apiKey ? [{ apiKey: [] }] : [];
  const body = route.request?.body;
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.deprecated ? { deprecated: true } : {}),
    tags: [route.tag],
    description: describe(route, codes),
    'x-roles': route.auth.kind === 'authenticated' ? [...route.auth.roles] : [],
    ...(route.auth.kind === 'authenticated' && route.auth.scopes ? { 'x-scopes': [...route.auth.scopes] } : {}),
    'x-problem-codes': codes,
    security,
    ...(parameters(route, components).length ? { parameters: parameters(route, components) } : {}),
    ...(body ? { requestBody: { required: true, content: requestContent(route.request!, body, components) } } : {}),
    responses,
  };
}

/** `GET /v1/health, POST /v1/auth/login`: the exceptions the description names, from the model. */
const routeList = (routes: readonly RouteDecl[]): string => routes.map((r) => `${r.method} ${r.path}`).join(', ') || 'none';

/** The event payloads an endpoint receives (OpenAPI 3.1 `webhooks`), from the model's `webhookPayloads`. */
function webhooks(components: Json): Json {
  return Object.fromEntries(
    webhookPayloads.map((p) => [
      p.type,
      {
        post: {
          summary: p.summary,
          requestBody: { required: true, content: { 'application/json': { schema: toSchema(p.schema, 'output', components), example: p.example } } },
          responses: { '2XX': { description: 'Received (anything else is retried)' } },
        },
      },
    ]),
  );
}

export function buildOpenApi(routes: readonly RouteDecl[] = appModel.routes): Json {
  const components: Json = {};
  const paths: Record<string, Json> = {};
  for (const route of routes) {
    paths[route.path] ??= {};
    (paths[route.path] as Json)[route.method.toLowerCase()] = operation(route, components);
  }
  toSchema(Problem, 'output', components);
  return {
    openapi: '3.1.0',
    info: {
      title: 'Hydrant API',
      version: '1.0.0',
      description:
        'The Hydrant API for water networks: sites, assets, telemetry, alerts, work orders. ' +
        `Every call carries a usage-plan API key (x-api-key) but ${routeList(routes.filter((r) => !r.apiKey))}; ` +
        `every call carries a Cognito access token (Authorization: Bearer) but ${routeList(routes.filter((r) => r.auth.kind === 'public'))}. ` +
        'Errors are RFC 9457 application/problem+json with a stable code.',
    },
    servers: [
      { url: 'http://localhost:3000', description: 'Local stack (npm start)' },
      { url: 'https://{apiId}.execute-api.{region}.amazonaws.com/{stage}', description: 'AWS', variables: { apiId: { default: 'abc123' }, region: { default: 'eu-west-1' }, stage: { default: 'dev' } } },
    ],
    paths,
    webhooks: webhooks(components),
    components: {
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
      },
      schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
      responses: {
        Problem: {
          description: 'An error, as RFC 9457 problem details with a stable code',
          content: {
            'application/problem+json': {
              schema: { $ref: `${SCHEMA_REF}Problem` },
              example: { type: 'https://docs.hydrant.dev/problems/validation-failed', title: 'The request is not valid', status: 400, detail: 'Invalid body', code: 'VALIDATION_FAILED', errors: [{ path: 'body.name', message: 'Too small: expected string to have >=1 characters' }] },
            },
          },
        },
      },
    },
  };
}
