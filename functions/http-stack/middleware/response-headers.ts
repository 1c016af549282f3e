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

const EXPOSED = 'ETag, Location, Preference-Applied, Retry-After, RateLimit, RateLimit-Policy, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Deprecation, Sunset, Link, Idempotent-Replayed';

/** The headers that announce a deprecated route. */
export function deprecationHeaders(d: Deprecation): Record<string, string> {
  return {
    Deprecation: `@${Math.floor(Date.parse(d.since) / 1000)}`,
    ...(d.sunset ? { Sunset: new Date(d.sunset).toUTCString() } : {}),
    Link: `<${d.link}>; rel="deprecation"; type="text/html"`,
  };
}

/**
 * Headers for the deprecated fields an answer contains (a client that stopped
 * reading them, e.g. with `?fields=`, is not warned any more). The earliest
 * deprecation and sunset win; every migration note is linked.
 */
export function deprecatedFieldHeaders(fields: Readonly<Record<string, Deprecation>>, body: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return {};
  }
  const items = parsed && typeof parsed === 'object' ? (Array.isArray((parsed as { data?: unknown }).data) ? ((parsed as { data: object[] }).data) : [parsed as object]) : [];
  const present = Object.entries(fields).filter(([name]) => items.some((item) => item && typeof item === 'object' && name in item));
  if (present.length === 0) return {};
  const earliest = (dates: (string | undefined)[]) => dates.filter((d): d is string => !!d).sort((a, b) => Date.parse(a) - Date.parse(b))[0];
  const since = earliest(present.map(([, d]) => d.since)) as string;
  const sunset = earliest(present.map(([, d]) => d.sunset));
  return {
    Deprecation: `@${Math.floor(Date.parse(since) / 1000)}`,
    ...(sunset ? { Sunset: new Date(sunset).toUTCString() } : {}),
    Link: [...new Set(present.map(([, d]) => d.link))].map((l) => `<${l}>; rel="deprecation"; type="text/html"`).join(', '),
  };
}

export function responseHeaders(route: RouteDecl, corsOrigins: readonly string[]): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const successCache = route.cacheControl ?? (route.method === 'GET' ? 'private, no-cache' : 'no-store');
  const deprecation = route.deprecated ? deprecationHeaders(route.deprecated) : {};
  const apply = (request: { event: APIGatewayProxyEvent; response: APIGatewayProxyResult | null | undefined }) => {
    if (!request.response) return;
    const ok = request.response.statusCode < 400;
    const fieldDeprecation = ok && route.deprecatedFields ? deprecatedFieldHeaders(route.deprecatedFields, request.response.body) : {};
    const headers: Record<string, string | number | boolean> = { ...SECURITY_HEADERS, ...deprecation, ...fieldDeprecation, ...request.response.headers };
    if (!('Cache-Control' in headers)) headers['Cache-Control'] = ok ? successCache : 'no-store';
    const origin = request.event.headers?.origin ?? request.event.headers?.Origin;
    if (origin && (corsOrigins.includes(origin) || corsOrigins.includes('*'))) {
      headers['Access-Control-Allow-Origin'] = origin;
      headers['Access-Control-Expose-Headers'] = EXPOSED;
      // Kept beside a Vary the route set (e.g. Prefer on POST /v1/forecasts).
      headers.Vary = headers.Vary ? `${String(headers.Vary)}, Origin` : 'Origin';
    }
    request.response = { ...request.response, headers };
  };
  return { after: apply, onError: apply };
}
