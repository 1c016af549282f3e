/**
 * A non-JSON answer (the forecast chart's SVG): `HttpResult.rawBody` is sent as is with
 * its media type, keeps ETag/304, and a response declared with `contentType` is
 * documented in openapi.yaml as that media type.
 */
import { describe, expect, it } from 'vitest';
import { buildOpenApi } from '#lib/openapi';
import type { RouteDecl } from '#lib/model/types';
import type { HttpRequest } from '#http-stack/http-types';
import { toProxyResult } from '#http-stack/middleware/request-context';

const route: RouteDecl = {
  operationId: 'getDrawing',
  method: 'GET',
  path: '/v1/drawings/{id}.svg',
  summary: 'A drawing',
  tag: 'Test',
  handler: 'http/test/drawing',
  auth: { kind: 'public' },
  apiKey: false,
  responses: { 200: { description: 'An SVG document', contentType: 'image/svg+xml' } },
  fn: { access: {} },
};

const request = (headers: Record<string, string> = {}) => ({ route, headers }) as unknown as HttpRequest<unknown, unknown, unknown>;
const svg = '<svg xmlns="http://www.w3.org/2000/svg"><text>&lt;42&gt;</text></svg>';

describe('rawBody', () => {
  it('is answered as is, with its content type, not as JSON', () => {
    const out = toProxyResult({ status: 200, rawBody: { contentType: 'image/svg+xml', text: svg }, etag: '"v3"' }, request(), { windows: [] });
    expect(out).toEqual({ statusCode: 200, headers: { ETag: '"v3"', 'Content-Type': 'image/svg+xml' }, body: svg });
  });

  it('answers 304 when If-None-Match matches, and hashes the text when no ETag is given', () => {
    expect(toProxyResult({ status: 200, rawBody: { contentType: 'image/svg+xml', text: svg }, etag: '"v3"' }, request({ 'if-none-match': '"v3"' }, ), { windows: [] }).statusCode).toBe(304);
    const a = toProxyResult({ status: 200, rawBody: { contentType: 'text/csv', text: 'a;b' } }, request(), { windows: [] });
    const b = toProxyResult({ status: 200, rawBody: { contentType: 'text/csv', text: 'a;c' } }, request(), { windows: [] });
    expect(a.headers?.ETag).toMatch(/^W\/"/);
    expect(a.headers?.ETag).not.toBe(b.headers?.ETag);
    expect(a.headers?.['Content-Type']).toBe('text/csv');
  });

  it('ignores sparse fieldsets (they only apply to JSON)', () => {
    const out = toProxyResult({ status: 200, rawBody: { contentType: 'image/svg+xml', text: svg } }, request(), { windows: [], fields: ['id'] });
    expect(out.body).toBe(svg);
  });
});

describe('a response contentType in openapi.yaml', () => {
  it('documents the media type with a string body instead of application/json', () => {
    const doc = buildOpenApi([route]) as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>> };
    const ok = doc.paths['/v1/drawings/{id}.svg']!.get!.responses['200']!;
    expect(ok.content).toEqual({ 'image/svg+xml': { schema: { type: 'string' } } });
  });
});
