/**
 * `httpRoute` end to end, in process: hand-made REST proxy events go through the
 * whole middleware stack (logger, metrics, headers, errors, validation,
 * authorisation, audit) of a tiny route declared with zod schemas. In the integration
 * project because the platform writes to the control and audit tables (DynamoDB Local).
 */
import { readFileSync } from 'node:fs';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { z } from 'zod';
import type { RouteDecl } from '#lib/model/types';
import type { HttpRequest, HttpResult } from '#http-stack/http-types';
import { Conflict, TooManyRequests } from '#platform/errors';

const ALLOWED_ORIGIN = 'https://app.hydrant.dev';
const WIDGET_ID = '01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B';

// http-route reads its environment once, at module load: set it before importing.
for (const [name, value] of Object.entries(inject('stackEnv'))) vi.stubEnv(name, value);
vi.stubEnv('CORS_ALLOWED_ORIGINS', `${ALLOWED_ORIGIN}, https://admin.hydrant.dev`);
vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'SILENT');
vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
vi.stubEnv('DEFAULT_TENANT_ID', undefined);
const { httpRoute } = await import('#wiring/http-route');
afterAll(() => {
  vi.unstubAllEnvs();
});

const baseEvent = JSON.parse(
  readFileSync(new URL('../fixtures/handlers/rest-proxy-event.json', import.meta.url), 'utf8'),
) as APIGatewayProxyEvent;

const context: Context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'hydrant-test',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:hydrant-test',
  memoryLimitInMB: '256',
  awsRequestId: 'aws-req-1',
  logGroupName: '/aws/lambda/hydrant-test',
  logStreamName: 'test',
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
};

const fn = { access: {} };
const staff = { kind: 'authenticated', roles: ['admin', 'manager'] } as const;

const getWidget: RouteDecl = {
  operationId: 'getWidget',
  method: 'GET',
  path: '/v1/widgets/{id}',
  summary: 'Get a widget',
  tag: 'Widgets',
  handler: 'test/get-widget',
  auth: staff,
  apiKey: false,
  request: {
    params: z.strictObject({ id: z.string().regex(/^[0-9A-Z]{26}$/, 'must be a ULID') }),
    query: z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20) }),
  },
  responses: { 200: { description: 'Found' } },
  fn,
};

const createWidget: RouteDecl = {
  ...getWidget,
  operationId: 'createWidget',
  method: 'POST',
  path: '/v1/widgets',
  auth: { kind: 'authenticated', roles: ['admin', 'manager'], scopes: ['widgets.write'] },
  request: { body: z.strictObject({ name: z.string().trim().min(1), size: z.int().positive() }), mediaTypes: ['application/json', 'application/merge-patch+json'] },
  responses: { 201: { description: 'Created' } },
};

const publicRoute: RouteDecl = { ...getWidget, operationId: 'explode', path: '/v1/explode', auth: { kind: 'public' }, request: {} };

interface Seen {
  request?: HttpRequest<unknown, unknown, unknown>;
}

function event(overrides: Partial<APIGatewayProxyEvent> = {}, claims?: Record<string, string> | null): APIGatewayProxyEvent {
  const base = structuredClone(baseEvent);
  const requestContext = { ...base.requestContext };
  if (claims === null) requestContext.authorizer = null;
  else if (claims) requestContext.authorizer = { claims };
  return { ...base, requestContext, ...overrides, headers: { ...base.headers, ...overrides.headers } };
}

const postEvent = (body: string | null, headers: Record<string, string> = { 'Content-Type': 'application/json' }, claims?: Record<string, string> | null) =>
  event({ httpMethod: 'POST', resource: '/v1/widgets', path: '/v1/widgets', pathParameters: null, body, headers }, claims);

const claimsWith = (overrides: Record<string, string>): Record<string, string> => ({
  ...(baseEvent.requestContext.authorizer?.claims as Record<string, string>),
  ...overrides,
});

const json = (result: APIGatewayProxyResult) => JSON.parse(result.body) as Record<string, unknown>;

function expectProblem(result: APIGatewayProxyResult, status: number, code: string) {
  expect(result.statusCode).toBe(status);
  expect(result.headers?.['Content-Type']).toBe('application/problem+json');
  const body = json(result);
  expect(body).toMatchObject({ status, code, type: `https://docs.hydrant.dev/problems/${code.toLowerCase().replace(/_/g, '-')}` });
  return body;
}

function expectSecurityHeaders(result: APIGatewayProxyResult) {
  expect(result.headers).toMatchObject({
    'Strict-Transport-Security': expect.stringContaining('max-age='),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Content-Security-Policy': expect.stringContaining("default-src 'none'"),
  });
  // Successful reads may be cached privately if revalidated; anything else is never cached.
  const ok = result.statusCode < 400 && result.statusCode !== 304;
  expect(result.headers?.['Cache-Control']).toBe(ok ? 'private, no-cache' : result.statusCode === 304 ? 'private, no-cache' : 'no-store');
}

describe('httpRoute', () => {
  const seen: Seen = {};
  let getHandler: ReturnType<typeof httpRoute>;
  let createHandler: ReturnType<typeof httpRoute>;
  let explodeHandler: ReturnType<typeof httpRoute>;
  let failWith: Error | undefined;

  beforeEach(() => {
    failWith = undefined;
  });

  beforeAll(() => {
    getHandler = httpRoute(getWidget, async (request): Promise<HttpResult> => {
      seen.request = request as HttpRequest<unknown, unknown, unknown>;
      if (failWith) throw failWith;
      return { status: 200, body: { id: (request.params as { id: string }).id, version: 3 }, etag: '"v3"' };
    });
    createHandler = httpRoute<Record<string, string>, Record<string, unknown>, { name: string; size: number }>(createWidget, async (request) => {
      seen.request = request as HttpRequest<unknown, unknown, unknown>;
      return { status: 201, body: { ...request.body, id: WIDGET_ID }, headers: { Location: `/v1/widgets/${WIDGET_ID}` }, etag: '"v1"' };
    });
    explodeHandler = httpRoute(publicRoute, async () => {
      throw new Error('connect ECONNREFUSED db.internal:5432 password=hunter2');
    });
  });

  describe('success', () => {
    it('hands the function validated, coerced parts, the principal and request metadata', async () => {
      const result = await getHandler(event({ queryStringParameters: { limit: '5' }, headers: { 'X-Trace': 'abc' } }), context);
      expect(result.statusCode).toBe(200);
      expect(json(result)).toEqual({ id: WIDGET_ID, version: 3 });
      expect(result.headers?.['Content-Type']).toBe('application/json');
      expect(result.headers?.ETag).toBe('"v3"');
      const request = seen.request!;
      expect(request.params).toEqual({ id: WIDGET_ID });
      expect(request.query).toEqual({ limit: 5 });
      expect(request.headers['x-trace']).toBe('abc');
      expect(request.requestId).toBe('req-fixture-1');
      expect(request.sourceIp).toBe('203.0.113.7');
      expect(request.route).toBe(getWidget);
      expect(request.principal).toMatchObject({ kind: 'user', role: 'manager', tenantId: 'tenant-1' });
    });

    it('applies query defaults when the query is absent', async () => {
      await getHandler(event(), context);
      expect(seen.request?.query).toEqual({ limit: 20 });
    });

    it('parses a JSON body (also base64-encoded and with a +json media type) and answers 201 with ETag and Location', async () => {
      const body = JSON.stringify({ name: '  Pump  ', size: 3 });
      for (const e of [
        postEvent(body),
        { ...postEvent(Buffer.from(body).toString('base64')), isBase64Encoded: true },
        postEvent(body, { 'content-type': 'application/merge-patch+json; charset=utf-8' }),
      ]) {
        const result = await createHandler(e, context);
        expect(result.statusCode).toBe(201);
        expect(json(result)).toEqual({ name: 'Pump', size: 3, id: WIDGET_ID });
        expect(result.headers).toMatchObject({ ETag: '"v1"', Location: `/v1/widgets/${WIDGET_ID}` });
      }
    });

    it('lets a machine client with a route scope through', async () => {
      const machine = { sub: 'm-1', client_id: 'm-1', scope: 'hydrant/widgets.write', 'custom:tenantId': 'tenant-1' };
      const result = await createHandler(postEvent('{"name":"a","size":1}', undefined, machine), context);
      expect(result.statusCode).toBe(201);
      expect(seen.request?.principal).toEqual({ kind: 'machine', subject: 'm-1', tenantId: 'tenant-1', scopes: ['widgets.write'] });
    });
  });

  describe('conditional GET', () => {
    it.each(['"v3"', 'W/"v3"', '"v1", "v3"', '*'])('answers 304 without a body when If-None-Match is %s', async (tag) => {
      const result = await getHandler(event({ headers: { 'If-None-Match': tag } }), context);
      expect(result.statusCode).toBe(304);
      expect(result.body).toBe('');
      expect(result.headers?.ETag).toBe('"v3"');
      expectSecurityHeaders(result);
    });

    it('answers 200 with the body when the tag is stale', async () => {
      const result = await getHandler(event({ headers: { 'if-none-match': '"v2"' } }), context);
      expect(result.statusCode).toBe(200);
      expect(json(result)).toMatchObject({ version: 3 });
    });
  });

  describe('validation', () => {
    it('answers 400 problem+json listing each field error with its path', async () => {
      const result = await createHandler(postEvent(JSON.stringify({ name: ' ', size: 'big', extra: true })), context);
      const body = expectProblem(result, 400, 'VALIDATION_FAILED');
      const paths = (body.errors as { path: string; message: string }[]).map((e) => e.path);
      expect(paths).toEqual(expect.arrayContaining(['body.name', 'body.size']));
      expect(paths.some((p) => p === 'body' || p === 'body.extra')).toBe(true);
      expect(body).toMatchObject({ instance: '/v1/widgets', requestId: 'req-fixture-1' });
    });

    it('validates params and query with their own paths', async () => {
      const badParams = await getHandler(event({ pathParameters: { id: 'nope' } }), context);
      expect((expectProblem(badParams, 400, 'VALIDATION_FAILED').errors as { path: string }[])[0]?.path).toBe('params.id');
      const badQuery = await getHandler(event({ queryStringParameters: { limit: '1000' } }), context);
      expect((expectProblem(badQuery, 400, 'VALIDATION_FAILED').errors as { path: string }[])[0]?.path).toBe('query.limit');
    });

    it('requires a body on a route that declares one', async () => {
      const body = expectProblem(await createHandler(postEvent(null), context), 400, 'VALIDATION_FAILED');
      expect(body.errors).toEqual([{ path: 'body', message: 'required' }]);
    });

    it('answers MALFORMED_JSON to a body that is not JSON', async () => {
      const body = expectProblem(await createHandler(postEvent('{"name": "a",'), context), 400, 'MALFORMED_JSON');
      expect(body.errors).toEqual([{ path: 'body', message: 'not valid JSON' }]);
    });

    it.each<Record<string, string>>([
      { 'Content-Type': 'text/plain' },
      { 'content-type': 'application/x-www-form-urlencoded' },
      {},
      // Look like JSON to a prefix match, but are other media types (or charsets) than the route declares.
      { 'content-type': 'application/json-patch' },
      { 'content-type': 'application/jsonfoo' },
      { 'content-type': 'application/json-seq' },
      { 'content-type': 'application/problem+json' },
      { 'content-type': 'application/json; charset=iso-8859-1' },
      { 'content-type': 'application/json garbage' },
    ])('answers 415 to a body sent as %o, naming the accepted types', async (headers) => {
      const body = expectProblem(await createHandler(postEvent('{"name":"a","size":1}', headers), context), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expect(body.accepted).toEqual(['application/json', 'application/merge-patch+json']);
    });

    it('answers 400 BODY_TOO_DEEP to a body nested deeper than the route allows, however deep', async () => {
      for (const depth of [33, 100_000]) {
        const deep = `{"name":"a","size":${'['.repeat(depth)}${']'.repeat(depth)}}`;
        const body = expectProblem(await createHandler(postEvent(deep), context), 400, 'BODY_TOO_DEEP');
        expect(body.errors).toEqual([{ path: 'body', message: 'deeper than 32 levels' }]);
      }
    });

    it('answers 413 to a body over 1 MiB', async () => {
      const big = JSON.stringify({ name: 'x'.repeat(1024 * 1024), size: 1 });
      expectProblem(await createHandler(postEvent(big), context), 413, 'PAYLOAD_TOO_LARGE');
    });
  });

  describe('authentication and authorisation', () => {
    it('answers 401 on an authenticated route without claims', async () => {
      expectProblem(await getHandler(event({}, null), context), 401, 'UNAUTHORIZED');
      const { requestContext } = event();
      expectProblem(await getHandler({ ...event(), requestContext: { ...requestContext, authorizer: {} } }, context), 401, 'UNAUTHORIZED');
    });

    it('refuses an anonymous caller before validating, so the schema is not revealed', async () => {
      const result = await createHandler(postEvent('{not json', undefined, null), context);
      expectProblem(result, 401, 'UNAUTHORIZED');
      expect(result.body).not.toContain('body');
    });

    it('answers 403 to a role the route does not allow', async () => {
      const body = expectProblem(await getHandler(event({}, claimsWith({ 'cognito:groups': 'technician' })), context), 403, 'FORBIDDEN');
      expect(body.detail).toContain('technician');
    });

    it('answers 403 to a token without tenant (no DEFAULT_TENANT_ID configured)', async () => {
      const { 'custom:tenantId': _t, ...claims } = claimsWith({});
      expectProblem(await getHandler(event({}, claims), context), 403, 'FORBIDDEN');
    });

    it('answers 403 to a machine client without the route scope', async () => {
      const machine = { sub: 'm-1', client_id: 'm-1', scope: 'hydrant/other.read', 'custom:tenantId': 'tenant-1' };
      expectProblem(await createHandler(postEvent('{"name":"a","size":1}', undefined, machine), context), 403, 'FORBIDDEN');
    });

    it("answers 403 to a partner app's user token outside the app's scopes, whatever the user's role", async () => {
      const partner = claimsWith({ scope: 'openid hydrant/telemetry.read', 'cognito:groups': 'admin' });
      expectProblem(await createHandler(postEvent('{"name":"a","size":1}', undefined, partner), context), 403, 'FORBIDDEN');
      expectProblem(await getHandler(event({}, partner), context), 403, 'FORBIDDEN');
      const granted = claimsWith({ scope: 'openid hydrant/widgets.write', 'cognito:groups': 'manager' });
      expect((await createHandler(postEvent('{"name":"a","size":1}', undefined, granted), context)).statusCode).toBe(201);
    });

    it('does not require claims on a public route', async () => {
      const result = await explodeHandler(event({}, null), context);
      expect(result.statusCode).toBe(500); // reached the function, which throws
    });
  });

  describe('errors', () => {
    it('answers a generic Error with a 500 that reveals nothing of it', async () => {
      const result = await explodeHandler(event(), context);
      const body = expectProblem(result, 500, 'INTERNAL_ERROR');
      expect(body.requestId).toBe('req-fixture-1');
      for (const secret of ['hunter2', 'ECONNREFUSED', 'db.internal', 'stack', 'Error:', '.ts:']) {
        expect(result.body).not.toContain(secret);
      }
      expect(Object.keys(body).sort()).toEqual(['code', 'detail', 'instance', 'requestId', 'status', 'title', 'type']);
    });

    it('maps typed errors from the function to their status, extensions and headers', async () => {
      failWith = new TooManyRequests('Slow down', 7);
      const throttled = await getHandler(event(), context);
      expectProblem(throttled, 429, 'TOO_MANY_REQUESTS');
      expect(throttled.headers?.['Retry-After']).toBe('7');

      failWith = new Conflict('Serial taken', 'SERIAL_TAKEN', { existingId: 'a1' });
      const conflict = expectProblem(await getHandler(event(), context), 409, 'SERIAL_TAKEN');
      // `instance` is the request's own path (the event's, without stage or query), not the route template.
      expect(conflict).toMatchObject({ detail: 'Serial taken', existingId: 'a1', instance: '/v1/widgets/01JD5Y7Z8M6Q2V3W4X5Y6Z7A8B' });
      failWith = undefined;
    });
  });

  describe('response headers', () => {
    it('puts the security headers on success and on errors', async () => {
      expectSecurityHeaders(await getHandler(event(), context));
      expectSecurityHeaders(await explodeHandler(event(), context));
      expectSecurityHeaders(await getHandler(event({}, null), context));
      expectSecurityHeaders(await createHandler(postEvent('{'), context));
    });

    it('keeps a Cache-Control the function sets; defaults to private revalidation for reads and no-store for errors', async () => {
      const cached = httpRoute(publicRoute, async () => ({ status: 200, body: { ok: true }, headers: { 'Cache-Control': 'public, max-age=60' } }));
      expect((await cached(event(), context)).headers?.['Cache-Control']).toBe('public, max-age=60');
      expect((await getHandler(event(), context)).headers?.['Cache-Control']).toBe('private, no-cache');
      expect((await explodeHandler(event(), context)).headers?.['Cache-Control']).toBe('no-store');
    });

    it('allows CORS for a configured origin, on success and on errors', async () => {
      for (const result of [
        await getHandler(event({ headers: { Origin: ALLOWED_ORIGIN } }), context),
        await getHandler(event({ headers: { origin: 'https://admin.hydrant.dev' } }, null), context),
      ]) {
        expect(result.headers?.['Access-Control-Allow-Origin']).toMatch(/^https:\/\/(app|admin)\.hydrant\.dev$/);
        expect(result.headers?.['Access-Control-Expose-Headers']).toContain('ETag');
        expect(result.headers?.Vary).toBe('Origin');
      }
    });

    it('sends no CORS headers to another origin or without Origin', async () => {
      for (const result of [
        await getHandler(event({ headers: { Origin: 'https://evil.example' } }), context),
        await getHandler(event({ headers: { Origin: `${ALLOWED_ORIGIN}.evil.example` } }), context),
        await getHandler(event(), context),
      ]) {
        expect(result.statusCode).toBe(200);
        expect(result.headers).not.toHaveProperty('Access-Control-Allow-Origin');
        expect(result.headers).not.toHaveProperty('Access-Control-Expose-Headers');
      }
    });
  });
});

describe('Idempotency-Key and a 5xx', () => {
  it('keeps the first answer even when it is a 500, and replays it without running the function again', async () => {
    const createGadget: RouteDecl = { ...createWidget, operationId: 'createGadget', path: '/v1/gadgets', idempotent: true };
    let runs = 0;
    const handler = httpRoute(createGadget, async (): Promise<HttpResult> => {
      runs++;
      if (runs === 1) throw new Error('connect ECONNREFUSED db.internal:5432');
      return { status: 201, body: { id: WIDGET_ID }, etag: '"v1"' };
    });
    const key = `idem-5xx-${Date.now()}`;
    const send = (idempotencyKey: string) =>
      handler(
        event({
          httpMethod: 'POST',
          resource: '/v1/gadgets',
          path: '/v1/gadgets',
          pathParameters: null,
          body: JSON.stringify({ name: 'Gadget', size: 1 }),
          headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
        }),
        context,
      );

    const first = await send(key);
    const firstBody = expectProblem(first, 500, 'INTERNAL_ERROR');
    expect(first.body).not.toContain('ECONNREFUSED');
    expect(first.headers?.['Idempotent-Replayed']).toBeUndefined();

    const replay = await send(key);
    expect(runs).toBe(1);
    expect(replay.statusCode).toBe(500);
    expect(replay.headers?.['Content-Type']).toBe('application/problem+json');
    expect(replay.headers?.['Idempotent-Replayed']).toBe('true');
    expect(json(replay)).toEqual(firstBody);

    // A new key runs the function again (now successfully).
    const fresh = await send(`${key}-retry`);
    expect(fresh.statusCode).toBe(201);
    expect(runs).toBe(2);
  });
});
