/** The REST proxy event (payload 1.0) the local gateway builds from a Node request. */
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { claimsAsStrings, restProxyEvent, type RestEventInput } from '#lib/local/runtime/rest-event';
import type { RouteDecl } from '#lib/model/types';
import { claimList } from '#http-stack/principal';

const route: RouteDecl = {
  operationId: 'updateSite',
  method: 'PATCH',
  path: '/v1/sites/{id}',
  summary: 'Update a site',
  tag: 'Sites',
  handler: 'http/sites/update',
  auth: { kind: 'authenticated', roles: ['admin'] },
  apiKey: true,
  responses: { 200: { description: 'ok' } },
  fn: { access: {} },
};

/** Just what restProxyEvent reads of an IncomingMessage. */
function fakeRequest(rawHeaders: string[], remoteAddress: string | null = '::ffff:192.0.2.10'): IncomingMessage {
  const headers: Record<string, string> = {};
  for (let i = 0; i < rawHeaders.length; i += 2) headers[(rawHeaders[i] as string).toLowerCase()] = rawHeaders[i + 1] as string;
  return { rawHeaders, headers, httpVersion: '1.1', socket: { remoteAddress: remoteAddress ?? undefined } } as unknown as IncomingMessage;
}

function input(overrides: Partial<RestEventInput> = {}): RestEventInput {
  return {
    req: fakeRequest(['Content-Type', 'application/json', 'User-Agent', 'curl/8', 'Accept', 'a/b', 'Accept', 'c/d']),
    url: new URL('http://localhost/v1/sites/s%201?fields=a&fields=b&q=caf%C3%A9'),
    route,
    pathParameters: { id: 's 1' },
    body: Buffer.from('{"name":"Usine"}'),
    requestId: 'req-1',
    stage: 'local',
    ...overrides,
  };
}

describe('claimsAsStrings', () => {
  it('renders every claim as a string, arrays comma-joined, objects as JSON', () => {
    expect(
      claimsAsStrings({ sub: 'u1', 'cognito:groups': ['admin', 'manager'], exp: 1763700000, email_verified: true, address: { c: 'FR' } }),
    ).toEqual({ sub: 'u1', 'cognito:groups': 'admin,manager', exp: '1763700000', email_verified: 'true', address: '{"c":"FR"}' });
  });

  it('drops null and undefined claims', () => {
    expect(claimsAsStrings({ a: null, b: undefined, c: '' })).toEqual({ c: '' });
  });

  it('renders groups in a form principalFromClaims reads back', () => {
    expect(claimList(claimsAsStrings({ g: ['client', 'technician'] }).g)).toEqual(['client', 'technician']);
  });
});

describe('restProxyEvent', () => {
  it('describes the route and path', () => {
    const event = restProxyEvent(input());
    expect(event).toMatchObject({ resource: '/v1/sites/{id}', path: '/v1/sites/s%201', httpMethod: 'PATCH', pathParameters: { id: 's 1' }, stageVariables: null });
  });

  it('keeps header names as sent, the last value in headers and every value in multiValueHeaders', () => {
    const event = restProxyEvent(input());
    expect(event.headers).toEqual({ 'Content-Type': 'application/json', 'User-Agent': 'curl/8', Accept: 'c/d' });
    expect(event.multiValueHeaders).toEqual({ 'Content-Type': ['application/json'], 'User-Agent': ['curl/8'], Accept: ['a/b', 'c/d'] });
  });

  it('decodes the query, last value single, all values multi', () => {
    const event = restProxyEvent(input());
    expect(event.queryStringParameters).toEqual({ fields: 'b', q: 'café' });
    expect(event.multiValueQueryStringParameters).toEqual({ fields: ['a', 'b'], q: ['café'] });
  });

  it('has null query maps and null path parameters when there are none', () => {
    const event = restProxyEvent(input({ url: new URL('http://localhost/v1/sites'), pathParameters: {} }));
    expect(event.queryStringParameters).toBeNull();
    expect(event.multiValueQueryStringParameters).toBeNull();
    expect(event.pathParameters).toBeNull();
  });

  it('passes a text body as UTF-8 and an empty body as null', () => {
    const text = restProxyEvent(input({ body: Buffer.from('{"name":"Écluse"}') }));
    expect(text.body).toBe('{"name":"Écluse"}');
    expect(text.isBase64Encoded).toBe(false);
    const empty = restProxyEvent(input({ body: Buffer.alloc(0) }));
    expect(empty.body).toBeNull();
    expect(empty.isBase64Encoded).toBe(false);
  });

  it.each(['text/csv', 'application/merge-patch+json', 'application/xml', 'application/x-www-form-urlencoded'])('treats %s as text', (type) => {
    const event = restProxyEvent(input({ req: fakeRequest(['Content-Type', type]), body: Buffer.from('a=1') }));
    expect(event).toMatchObject({ body: 'a=1', isBase64Encoded: false });
  });

  it('base64-encodes a binary body', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]);
    for (const type of ['image/png', 'application/octet-stream', 'application/pdf']) {
      const event = restProxyEvent(input({ req: fakeRequest(['Content-Type', type]), body: png }));
      expect(event.isBase64Encoded).toBe(true);
      expect(Buffer.from(event.body as string, 'base64').equals(png)).toBe(true);
    }
  });

  it('fills the request context: stage path, ids, identity and no authorizer without claims', () => {
    const before = Date.now();
    const ctx = restProxyEvent(input()).requestContext;
    expect(ctx).toMatchObject({
      accountId: '000000000000',
      apiId: 'local',
      authorizer: null,
      protocol: 'HTTP/1.1',
      httpMethod: 'PATCH',
      path: '/local/v1/sites/s%201',
      stage: 'local',
      requestId: 'req-1',
      resourceId: 'updateSite',
      resourcePath: '/v1/sites/{id}',
      identity: { sourceIp: '192.0.2.10', userAgent: 'curl/8', apiKey: null, apiKeyId: null },
    });
    expect(ctx.requestTimeEpoch).toBeGreaterThanOrEqual(before);
    expect(ctx.requestTimeEpoch).toBeLessThanOrEqual(Date.now());
  });

  it('carries claims under authorizer.claims and the API key in identity', () => {
    const claims = { sub: 'u1', 'cognito:groups': 'admin' };
    const ctx = restProxyEvent(input({ claims, apiKey: { id: 'key-id', value: 'key-value' }, stage: 'prod' })).requestContext;
    expect(ctx.authorizer).toEqual({ claims });
    expect(ctx.identity).toMatchObject({ apiKey: 'key-value', apiKeyId: 'key-id' });
    expect(ctx.path).toBe('/prod/v1/sites/s%201');
  });

  it('keeps an IPv6 source address and falls back to loopback without one', () => {
    expect(restProxyEvent(input({ req: fakeRequest([], '2001:db8::1') })).requestContext.identity.sourceIp).toBe('2001:db8::1');
    expect(restProxyEvent(input({ req: fakeRequest([], null) })).requestContext.identity).toMatchObject({ sourceIp: '127.0.0.1', userAgent: null });
  });
});
