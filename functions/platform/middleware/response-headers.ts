/**
 * Headers every answer carries, success or error: security headers, caching,
 * deprecation (RFC 9745 Deprecation, RFC 8594 Sunset, a Link to the migration note)
 * and CORS for the configured origins only. Runs on `after` and `onError`.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { Deprecation, RouteDecl } from '#lib/model/types';

const SECURITY_HEADERS: Record<string, string> = {
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains; preload',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
};

const EXPOSED = 'ETag, Location, Retry-After, RateLimit, RateLimit-Policy, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Deprecation, Sunset, Link, Idempotent-Replayed';

/** The headers that announce a deprecated route. */
export function deprecationHeaders(d: Deprecation): Record<string, string> {
  return {
    Deprecation: `@${Math.floor(Date.parse(d.since) / 1000)}`,
    ...(d.sunset ? { Sunset: new Date(d.sunset).toUTCString() } : {}),
    Link: `<${d.link}>; rel="deprecation"; type="text/html"`,
  };
}

export function responseHeaders(route: RouteDecl, corsOrigins: readonly string[]): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const successCache = route.cacheControl ?? (route.method === 'GET' ? 'private, no-cache' : 'no-store');
  const deprecation = route.deprecated ? deprecationHeaders(route.deprecated) : {};
  const apply = (request: { event: APIGatewayProxyEvent; response: APIGatewayProxyResult | null | undefined }) => {
    if (!request.response) return;
    const ok = request.response.statusCode < 400;
    const headers: Record<string, string | number | boolean> = { ...SECURITY_HEADERS, ...deprecation, ...request.response.headers };
    if (!('Cache-Control' in headers)) headers['Cache-Control'] = ok ? successCache : 'no-store';
    const origin = request.event.headers?.origin ?? request.event.headers?.Origin;
    if (origin && (corsOrigins.includes(origin) || corsOrigins.includes('*'))) {
      headers['Access-Control-Allow-Origin'] = origin;
      headers['Access-Control-Expose-Headers'] = EXPOSED;
      headers.Vary = 'Origin';
    }
    request.response = { ...request.response, headers };
  };
  return { after: apply, onError: apply };
}
